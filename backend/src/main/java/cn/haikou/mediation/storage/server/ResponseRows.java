package cn.haikou.mediation.storage.server;

import cn.haikou.mediation.storage.ClickHouseException;
import com.clickhouse.client.api.query.QueryResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The body of one {@code JSONEachRow} response, handling two things client-v2 0.10.0 leaves to its
 * caller.
 *
 * <p>Errors after the first rows: once the server has answered 200 and streamed rows, a later
 * failure (a limit reached mid-stream) can only be written into the body, as {@code Code: 159.
 * DB::Exception: ...} or, since 25.11, framed as {@code __exception__<tag>\n<message>\n<length>
 * <tag>__exception__}. Every JSONEachRow line starts with <code>{</code>, so a line that starts
 * otherwise is that error; it is raised with the server's code instead of as a JSON syntax error.
 *
 * <p>Early close: the client's close reads the rest of the body, so a result abandoned early
 * first has its query stopped on the server through {@code cancel}.
 */
final class ResponseRows extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseRows.class);
    /** More than any server error message; a longer non-JSON tail is cut here. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    private static final Pattern FRAME_END = Pattern.compile("\\s*\\d+ \\S*__exception__.*\\z", Pattern.DOTALL);

    private final QueryResponse response;
    private final InputStream body;
    private final Runnable cancel;
    private boolean lineStart = true;
    private boolean ended;
    private IOException serverError;
    private boolean closed;

    ResponseRows(QueryResponse response, Runnable cancel) {
        this.response = response;
        this.body = response.getInputStream();
        this.cancel = cancel;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (serverError != null) {
            throw serverError;
        }
        if (ended) {
            return -1;
        }
        int n = body.read(b, off, len);
        if (n < 0) {
            ended = true;
            return -1;
        }
        for (int i = off; i < off + n; i++) {
            if (lineStart && b[i] != '{') {
                serverError = readServerError(b, i, off + n);
                // Hand over the complete rows before the error; the next read raises it.
                if (i > off) {
                    return i - off;
                }
                throw serverError;
            }
            lineStart = b[i] == '\n';
        }
        return n;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended && serverError == null) {
            cancel.run();
        }
        try {
            response.close();
        } catch (Exception e) {
            // After an error or a kill the server ends the body abruptly; the connection is dropped.
            LOG.debug("closing a query response: {}", e.toString());
        }
    }

    private IOException readServerError(byte[] b, int from, int to) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.write(b, from, to - from);
        byte[] buffer = new byte[8192];
        try {
            int n;
            while (text.size() < MAX_ERROR_BYTES && (n = body.read(buffer)) > 0) {
                text.write(buffer, 0, n);
            }
        } catch (IOException e) {
            LOG.debug("body ended abruptly after a server error: {}", e.toString());
        }
        ended = true;
        String message = message(text.toString(StandardCharsets.UTF_8));
        return new IOException(message, ClickHouseException.fromEngineMessage(message));
    }

    static String message(String text) {
        int start = text.indexOf("Code:");
        String message = start < 0 ? text : text.substring(start);
        message = FRAME_END.matcher(message).replaceFirst("").strip();
        return message.length() <= 4000 ? message : message.substring(0, 4000) + "...";
    }
}
