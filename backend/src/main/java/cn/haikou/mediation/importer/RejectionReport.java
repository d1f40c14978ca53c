package cn.haikou.mediation.importer;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rows an import refused, one CSV line each: {@code file, line, case_id, field, code, message}.
 * {@code line} is the physical line where the row starts (the header is line 1), so a row with a
 * newline inside a quoted field is still found at the right place; {@code field} names the
 * mapping's field ({@code district}, {@code closedAt}, ...) and the message names the CSV column.
 */
public final class RejectionReport implements AutoCloseable {

    public static final List<String> COLUMNS = List.of("file", "line", "case_id", "field", "code", "message");
    private static final CsvMapper CSV = new CsvMapper();

    private final SequenceWriter out;
    private long rows;

    private RejectionReport(Writer writer) throws IOException {
        // The header is written as a row of its own: Jackson writes a schema's header only with the
        // first row, and a report with no rejections must still say what its columns are.
        this.out = CSV.writer(CsvSchema.emptySchema()).writeValues(writer);
        out.write(COLUMNS);
    }

    public static RejectionReport create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new RejectionReport(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    public static RejectionReport to(OutputStream stream) throws IOException {
        return new RejectionReport(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    }

    synchronized void reject(String file, long line, String caseId, String field, String code, String message) throws IOException {
        out.write(new Object[] {file, line, caseId == null ? "" : caseId, field, code, message});
        rows++;
    }

    public synchronized long rows() {
        return rows;
    }

    /** Makes the lines so far readable by others (the report endpoint serves a running job's report). */
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
