package cn.haikou.mediation.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts NDJSON batches to the server's own ingest API, exactly as an outside source would. A batch
 * the server cannot take now (429 queue full, 503 storage unavailable or shutting down, or no
 * connection) is sent again after the server's Retry-After: events carry stable ids, so a batch
 * that was in fact stored comes back as duplicates, never as second copies.
 */
final class IngestClient {

    private static final Logger LOG = LoggerFactory.getLogger(IngestClient.class);
    static final String PATH = "/api/v1/events/batch?detail=problems";
    private static final long RECONNECT_MS = 2_000;
    /** After this many "queue full" answers in a row, a batch is handed back to be split. */
    private static final int QUEUE_FULL_TRIES = 2;

    /** How the server answered one batch. */
    record Result(int accepted, int duplicates, int rejected, String firstProblem) {
    }

    /** The batch holds more than the server takes in one request (413). */
    static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The server's queue keeps refusing the batch (429 twice in a row): it may be larger than the
     * queue can ever hold, so smaller parts have a better chance.
     */
    static final class QueueFull extends RuntimeException {
        QueueFull(String message) {
            super(message, null, false, false);
        }
    }

    /** The server refuses this simulator for good (401/403: its key is unknown or revoked). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final RequestOptions request;
    private final Runnable onRetry;
    private volatile boolean closed;
    /** A batch waiting for its retry (at most one: the simulator keeps one batch in flight). */
    private long retryTimer = -1;
    private Promise<Result> retrying;

    IngestClient(Vertx vertx, String host, int port, String apiKey, Runnable onRetry) {
        this.vertx = vertx;
        this.onRetry = onRetry;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(1));
        this.request = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(PATH)
                .putHeader("Content-Type", "application/x-ndjson")
                .putHeader("Authorization", "Bearer " + apiKey)
                // A large backfill batch waits for its durable insert before the answer comes.
                .setIdleTimeout(120_000);
    }

    /** Sends {@code body} until the server has taken it (or refused it for good), or the client closes. */
    Future<Result> post(Buffer body, int events) {
        Promise<Result> done = Promise.promise();
        attempt(body, events, done, 0);
        return done.future();
    }

    private void attempt(Buffer body, int events, Promise<Result> done, int queueFull) {
        if (closed) {
            done.fail("the simulator is stopping");
            return;
        }
        client.request(request)
                .compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> answer(resp, b, events)))
                .onSuccess(answer -> {
                    int full = answer.status() == 429 ? queueFull + 1 : 0;
                    if (full >= QUEUE_FULL_TRIES && events > 1) {
                        done.fail(new QueueFull("the ingest queue refused a batch of " + events + " events " + full + " times"));
                    } else if (answer.retryAfterMs() >= 0) {
                        retry(body, events, done, full, answer.retryAfterMs(), "server answered " + answer.status());
                    } else if (answer.failure() != null) {
                        done.fail(answer.failure());
                    } else {
                        done.complete(answer.result());
                    }
                })
                .onFailure(e -> retry(body, events, done, 0, RECONNECT_MS, e.toString()));
    }

    private void retry(Buffer body, int events, Promise<Result> done, int queueFull, long delayMs, String why) {
        if (closed) {
            done.fail("the simulator is stopping");
            return;
        }
        LOG.debug("retrying a batch of {} events in {} ms: {}", events, delayMs, why);
        onRetry.run();
        retrying = done;
        retryTimer = vertx.setTimer(Math.max(1, delayMs), t -> {
            retryTimer = -1;
            retrying = null;
            attempt(body, events, done, queueFull);
        });
    }

    private record Answer(int status, Result result, RuntimeException failure, long retryAfterMs) {
    }

    private static Answer answer(HttpClientResponse resp, Buffer body, int events) {
        int status = resp.statusCode();
        if (status == 429 || status == 503) {
            return new Answer(status, null, null, retryAfterMs(resp.getHeader("Retry-After")));
        }
        if (status == 200 || status == 422) {
            JsonObject json;
            try {
                json = body.toJsonObject();
            } catch (DecodeException e) {
                return new Answer(status, new Result(0, 0, events, "unreadable answer: " + e.getMessage()), null, -1);
            }
            JsonArray results = json.getJsonArray("results", new JsonArray());
            String problem = null;
            for (int i = 0; i < results.size() && problem == null; i++) {
                JsonObject r = results.getJsonObject(i);
                if ("rejected".equals(r.getString("status"))) {
                    problem = r.getString("eventId") + ": " + r.getString("field") + " " + r.getString("message");
                }
            }
            return new Answer(status, new Result(json.getInteger("accepted", 0), json.getInteger("duplicates", 0),
                    json.getInteger("rejected", 0), problem), null, -1);
        }
        String text = body.toString();
        if (status == 413) {
            return new Answer(status, null, new TooLarge(text), -1);
        }
        if (status == 401 || status == 403) {
            return new Answer(status, null, new Refused("ingest refused the simulator's API key (" + status + " " + text
                    + "); set simulator.apiKey to one of ingest.apiKeys"), -1);
        }
        // Anything else is a fault in what was sent: count the batch as rejected and go on.
        return new Answer(status, new Result(0, 0, events, "HTTP " + status + ": " + text), null, -1);
    }

    private static long retryAfterMs(String header) {
        try {
            return header == null ? 1_000 : Math.max(100, Long.parseLong(header.trim()) * 1_000);
        } catch (NumberFormatException e) {
            return 1_000;
        }
    }

    /** Sends nothing more: a batch waiting to be retried fails, a request in flight still gets its answer. */
    void stopRetrying() {
        closed = true;
        if (retryTimer >= 0 && vertx.cancelTimer(retryTimer)) {
            retrying.tryFail("the simulator is stopping");
        }
        retryTimer = -1;
        retrying = null;
    }

    Future<Void> close() {
        closed = true;
        return client.close();
    }
}
