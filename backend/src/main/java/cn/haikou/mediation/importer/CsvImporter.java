package cn.haikou.mediation.importer;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.ingest.EventParser;
import cn.haikou.mediation.ingest.EventWriter;
import cn.haikou.mediation.ingest.InvalidEventException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Bulk import of a hotline's history: a CSV export, one row per case, becomes the case's events
 * (see {@link RowMapper}), checked by the same {@link EventParser} and written through the same
 * {@link EventWriter} as live ingest, so that imported and live events obey one set of rules and
 * one idempotent write path.
 *
 * <p>The file is streamed: at most three chunks of about {@code chunkEvents} events are in memory
 * (one being read, two being written), whatever the file's size. A row is atomic: all its events
 * go in one submission, so it is stored whole or, if any event is invalid, not at all and reported.
 * Event ids derive from the case id ({@code <caseId>:received}, {@code <caseId>:closed}), so
 * importing a file again stores nothing twice.
 *
 * <p>Used by the {@code import} command and by the HTTP import jobs; blocks its thread.
 */
public final class CsvImporter {

    public static final int DEFAULT_CHUNK_EVENTS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(CsvImporter.class);
    /** Two chunks outstanding keep the writer's batches full while the next chunk is parsed. */
    private static final int CHUNKS_IN_FLIGHT = 2;
    private static final long MAX_BACKOFF_MS = 1_000;
    private static final CsvMapper CSV = new CsvMapper();

    private final EventParser parser;
    private final EventWriter writer;
    private final int chunkEvents;
    private final ImportMapping mapping;

    public CsvImporter(EventParser parser, EventWriter writer) {
        this(parser, writer, DEFAULT_CHUNK_EVENTS);
    }

    /** @throws IllegalArgumentException when the pack's csvImport section is invalid (an unknown field, a bad dateFormat) */
    public CsvImporter(EventParser parser, EventWriter writer, int chunkEvents) {
        if (chunkEvents < 2) {
            throw new IllegalArgumentException("a chunk must hold at least one row's events");
        }
        this.parser = parser;
        this.writer = writer;
        this.chunkEvents = chunkEvents;
        this.mapping = ImportMapping.of(parser.pack()).orElse(null);
    }

    /**
     * The chunk size for a writer configured by {@code ingest}: two chunks in flight fill one
     * writer batch and leave most of the writer's queue to live traffic.
     */
    public static int chunkEvents(AppConfig.Ingest ingest) {
        int fit = Math.min(ingest.batchMaxEvents(), ingest.queueMaxEvents() / 2);
        return Math.max(2, Math.min(DEFAULT_CHUNK_EVENTS, fit));
    }

    public Pack pack() {
        return parser.pack();
    }

    /** False when the pack has no {@code csvImport} section: every import then fails saying so. */
    public boolean canImport() {
        return mapping != null;
    }

    /**
     * Imports one CSV file (a header line, then one case per row) of {@code size} bytes (0 if
     * unknown, for progress only). Rejected rows go to the session's report; counts go to its
     * progress. Returns when every row is stored or rejected.
     *
     * @throws ImportFailedException when the file cannot be read to its end or storage fails; rows
     *                               counted as stored before that stay stored
     */
    public void importFile(ImportSession session, String name, InputStream input, long size, Charset charset)
            throws ImportFailedException {
        if (mapping == null) {
            throw new ImportFailedException("pack " + parser.pack().id() + " has no csvImport section, so it cannot import CSV");
        }
        ImportProgress progress = session.progress();
        progress.expectBytes(size);
        Deque<Chunk> inFlight = new ArrayDeque<>();
        long line = 0;
        boolean finished = false;
        try (Reader reader = new InputStreamReader(new CountingInputStream(input, progress), charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             CsvParser csv = (CsvParser) CSV.getFactory().createParser(reader)) {
            csv.setSchema(CsvSchema.emptySchema());
            List<String> header = new ArrayList<>();
            if (nextRecord(csv, header) < 0) {
                throw new ImportFailedException(name + " is empty: expected a header line naming the columns");
            }
            // A byte-order mark survives decoding through a Reader; Excel writes one on every UTF-8 CSV.
            header.set(0, header.get(0).replace("\uFEFF", ""));
            RowMapper mapper = new RowMapper(mapping, header);

            List<String> record = new ArrayList<>();
            Chunk chunk = new Chunk();
            while ((line = nextRecord(csv, record)) >= 0) {
                if (blank(record)) {
                    continue;
                }
                if (session.cancelled().getAsBoolean()) {
                    throw new ImportFailedException("the import was cancelled at line " + line + " of " + name);
                }
                progress.rowRead();
                List<CaseEvent> events;
                try {
                    events = events(mapper, record, header.size(), session.source());
                } catch (InvalidEventException e) {
                    session.report().reject(name, line, mapper.caseId(record), e.field(), e.code(), e.getMessage());
                    progress.rejected();
                    continue;
                }
                chunk.add(events);
                if (chunk.events.size() >= chunkEvents) {
                    send(chunk, inFlight, session);
                    chunk = new Chunk();
                }
            }
            send(chunk, inFlight, session);
            while (!inFlight.isEmpty()) {
                await(inFlight.poll(), progress);
            }
            finished = true;
        } catch (CharacterCodingException e) {
            // The decoder reads ahead, so the place is approximate.
            throw new ImportFailedException(name + " is not valid " + charset.name() + " text"
                    + (line > 0 ? " (after line " + line + ")" : "") + "; give its encoding, e.g. --encoding GB18030"
                    + " on the command line or Content-Type: text/csv; charset=GB18030 over HTTP", e);
        } catch (JsonProcessingException e) {
            throw new ImportFailedException(name + " is not well-formed CSV"
                    + (e.getLocation() != null ? " near line " + e.getLocation().getLineNr() : "") + ": " + e.getOriginalMessage()
                    + "; fix the file and import it again (rows stored already are recognised, not stored twice)", e);
        } catch (IOException e) {
            throw new ImportFailedException("reading " + name + " or writing the report failed: " + e.getMessage(), e);
        } finally {
            if (!finished) {
                settle(inFlight, progress);
            }
            progress.fileDone();
            try {
                session.report().flush();
            } catch (IOException e) {
                LOG.warn("the rejection report could not be flushed: {}", e.getMessage());
            }
        }
    }

    /** A row's events, validated as live ingest validates them; any invalid event rejects the row. */
    private List<CaseEvent> events(RowMapper mapper, List<String> record, int columns, String source)
            throws InvalidEventException {
        for (int i = columns; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                throw new InvalidEventException("", "too_many_columns", "the row has " + record.size()
                        + " values but the header names " + columns + " columns (an unquoted comma?)");
            }
        }
        List<ObjectNode> json = mapper.events(record);
        List<CaseEvent> events = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            try {
                events.add(parser.parse(json.get(i), source));
            } catch (InvalidEventException e) {
                throw mapper.explain(e, i);
            }
        }
        return events;
    }

    private void send(Chunk chunk, Deque<Chunk> inFlight, ImportSession session) throws ImportFailedException {
        if (chunk.events.isEmpty()) {
            return;
        }
        while (inFlight.size() >= CHUNKS_IN_FLIGHT) {
            await(inFlight.poll(), session.progress());
        }
        chunk.done = submit(chunk.events, session);
        inFlight.add(chunk);
    }

    /**
     * Submits, waiting while live traffic fills the writer's queue: the import yields to it rather
     * than growing its own backlog.
     */
    private CompletableFuture<List<EventWriter.Outcome>> submit(List<CaseEvent> events, ImportSession session)
            throws ImportFailedException {
        // Judged from the bound, not from an empty queue after a refusal: the writer may have taken
        // the whole queue into an insert between the two (seen on a busy machine).
        if (events.size() > writer.queueMaxEvents()) {
            throw new ImportFailedException("a chunk of " + events.size() + " events does not fit the writer's queue; "
                    + "the import's chunk size must be below ingest.queueMaxEvents");
        }
        long backoff = 20;
        while (true) {
            try {
                return writer.submit(events);
            } catch (EventWriter.QueueFullException e) {
                if (session.cancelled().getAsBoolean()) {
                    throw new ImportFailedException("the import was cancelled");
                }
                LOG.debug("write queue full; the import waits {} ms", backoff);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            } catch (EventWriter.WriterClosedException e) {
                throw new ImportFailedException("the server is shutting down; import the file again to finish it"
                        + " (rows already stored are recognised and not stored twice)");
            }
        }
    }

    private static void await(Chunk chunk, ImportProgress progress) throws ImportFailedException {
        List<EventWriter.Outcome> outcomes;
        try {
            outcomes = chunk.done.get();
        } catch (ExecutionException e) {
            throw new ImportFailedException("storing events failed, the rows of this chunk were not stored: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportFailedException("interrupted while waiting for events to be stored");
        }
        int at = 0;
        for (int n : chunk.rowSizes) {
            int fresh = 0;
            for (int i = at; i < at + n; i++) {
                if (outcomes.get(i) == EventWriter.Outcome.ACCEPTED) {
                    fresh++;
                }
            }
            progress.stored(fresh > 0, fresh);
            at += n;
        }
    }

    /** After a failure: counts what the writer still stores of the chunks already handed to it. */
    private static void settle(Deque<Chunk> inFlight, ImportProgress progress) {
        for (Chunk chunk : inFlight) {
            try {
                await(chunk, progress);
            } catch (ImportFailedException e) {
                LOG.debug("a chunk in flight failed too: {}", e.getMessage());
            }
        }
        inFlight.clear();
    }

    /** Reads one record into {@code into}; returns the line it starts on, or -1 at the end of input. */
    private static long nextRecord(CsvParser csv, List<String> into) throws IOException {
        into.clear();
        JsonToken token = csv.nextToken();
        if (token == null) {
            return -1;
        }
        long line = csv.currentLocation().getLineNr();
        while ((token = csv.nextToken()) != null && token != JsonToken.END_ARRAY) {
            into.add(csv.getText());
        }
        return line;
    }

    private static boolean blank(List<String> record) {
        for (String v : record) {
            if (!v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long millis) throws ImportFailedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportFailedException("interrupted while waiting for room in the write queue");
        }
    }

    /** Rows whose events go to the writer together; {@code rowSizes} splits the outcomes back into rows. */
    private static final class Chunk {
        final List<CaseEvent> events = new ArrayList<>();
        final List<Integer> rowSizes = new ArrayList<>();
        CompletableFuture<List<EventWriter.Outcome>> done;

        void add(List<CaseEvent> rowEvents) {
            events.addAll(rowEvents);
            rowSizes.add(rowEvents.size());
        }
    }

    /** Feeds the bytes consumed so far into the progress (decoders read ahead, so this leads slightly). */
    private static final class CountingInputStream extends FilterInputStream {
        private final ImportProgress progress;
        private long count;

        CountingInputStream(InputStream in, ImportProgress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.bytesRead(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                progress.bytesRead(count);
            }
            return n;
        }
    }
}
