package cn.haikou.mediation.ingest;

import cn.haikou.mediation.domain.CaseEvent;
import cn.haikou.mediation.http.Problem;
import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.security.ApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The ingest API. {@code POST /api/v1/events} takes one JSON event; {@code POST /api/v1/events/batch}
 * takes NDJSON and answers line by line. Both answer only after the accepted events are stored.
 */
public final class IngestRoutes implements Routes {

    /**
     * Reads events as trees. An event has ~15 fields, one more than a default-sized map holds before
     * it grows; presizing saved a resize per event on the hottest path of ingest.
     */
    private static final ObjectReader JSON = new ObjectMapper().setNodeFactory(new JsonNodeFactory(false) {
        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new LinkedHashMap<>(32));
        }
    }).readerFor(JsonNode.class);
    private static final String JSON_TYPE = "application/json";
    private static final String NDJSON = "application/x-ndjson";

    private final EventParser parser;
    private final EventWriter writer;
    private final ApiKeys keys;
    private final long bodyLimitBytes;
    private final int requestMaxEvents;

    public IngestRoutes(EventParser parser, EventWriter writer, ApiKeys keys, long bodyLimitBytes, int requestMaxEvents) {
        this.parser = parser;
        this.writer = writer;
        this.keys = keys;
        this.bodyLimitBytes = bodyLimitBytes;
        this.requestMaxEvents = requestMaxEvents;
    }

    @Override
    public void mount(Vertx vertx, Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimitBytes);
        router.post("/api/v1/events/batch").handler(new Gate(NDJSON)).handler(body).handler(this::postBatch);
        router.post("/api/v1/events").handler(new Gate(JSON_TYPE)).handler(body).handler(this::postEvent);
    }

    /**
     * Authentication and the content type, checked before the body is read so that an
     * unauthenticated or mistyped request cannot make the server buffer 32 MB. A security-policy
     * handler because Vert.x runs those ahead of the body handler.
     */
    private final class Gate implements SecurityPolicyHandler {
        private final String contentType;

        Gate(String contentType) {
            this.contentType = contentType;
        }

        @Override
        public void handle(RoutingContext ctx) {
            ctx.put("source", keys.authenticate(ctx));
            requireContentType(ctx, contentType);
            ctx.next();
        }
    }

    private void postEvent(RoutingContext ctx) {
        String source = ctx.get("source");
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new Problem.Failure(Problem.of(400, "empty_body", "send one JSON event"));
        }
        CaseEvent event;
        try {
            event = parser.parse(readJson(body.getBytes(), 0, body.length()), source);
        } catch (InvalidEventException e) {
            throw new Problem.Failure(Problem.field(422, e.code(), e.field(), e.getMessage()));
        } catch (IOException e) {
            throw new Problem.Failure(Problem.of(400, "malformed_json", "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse("")));
        }
        store(ctx, List.of(event)).onSuccess(outcomes -> {
            boolean accepted = outcomes.get(0) == EventWriter.Outcome.ACCEPTED;
            ctx.response().setStatusCode(accepted ? 201 : 200).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("eventId", event.eventId()).put("status", accepted ? "accepted" : "duplicate").encode());
        }).onFailure(ctx::fail);
    }

    private void postBatch(RoutingContext ctx) {
        String source = ctx.get("source");
        boolean problemsOnly = "problems".equals(ctx.request().getParam("detail"));
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new Problem.Failure(Problem.of(400, "empty_body", "the batch is empty: send one JSON event per line"));
        }
        // Parsing 10,000 events takes ~10 ms, more on a busy machine: off the event loop that also serves the screens.
        ctx.vertx().executeBlocking(() -> parseBatch(body, source), false)
                .compose(parsed -> store(ctx, parsed.valid()).map(outcomes -> {
                    respondBatch(ctx, parsed.lines(), outcomes, problemsOnly);
                    return outcomes;
                }))
                .onFailure(ctx::fail);
    }

    /** The lines of an NDJSON body, each parsed or refused, and the valid events in order. */
    private record ParsedBatch(List<LineResult> lines, List<CaseEvent> valid) {
    }

    private ParsedBatch parseBatch(Buffer buffer, String source) {
        List<LineResult> lines = new ArrayList<>();
        List<CaseEvent> valid = new ArrayList<>();
        byte[] body = buffer.getBytes();
        int start = 0;
        int lineNumber = 0;
        int length = body.length;
        while (start < length) {
            int end = start;
            while (end < length && body[end] != '\n') {
                end++;
            }
            lineNumber++;
            if (!blank(body, start, end)) {
                if (lines.size() == requestMaxEvents) {
                    throw new Problem.Failure(Problem.of(413, "too_many_events",
                            "a batch may hold at most " + requestMaxEvents + " events; split it"));
                }
                lines.add(parseLine(body, start, end, lineNumber, source, valid));
            }
            start = end + 1;
        }
        return new ParsedBatch(lines, valid);
    }

    private LineResult parseLine(byte[] body, int start, int end, int lineNumber, String source, List<CaseEvent> valid) {
        JsonNode json;
        try {
            json = readJson(body, start, end);
        } catch (IOException e) {
            return LineResult.rejected(lineNumber, null, "", "malformed_json", "line " + lineNumber + " is not valid JSON");
        }
        try {
            CaseEvent event = parser.parse(json, source);
            valid.add(event);
            return new LineResult(lineNumber, event.eventId(), valid.size() - 1, null, null, null);
        } catch (InvalidEventException e) {
            JsonNode id = json.get("eventId");
            return LineResult.rejected(lineNumber, id != null && id.isTextual() ? id.textValue() : null, e.field(), e.code(), e.getMessage());
        }
    }

    private void respondBatch(RoutingContext ctx, List<LineResult> lines, List<EventWriter.Outcome> outcomes, boolean problemsOnly) {
        int accepted = 0;
        int duplicates = 0;
        int rejected = 0;
        JsonArray results = new JsonArray();
        for (LineResult line : lines) {
            JsonObject r = new JsonObject().put("line", line.line());
            if (line.eventId() != null) {
                r.put("eventId", line.eventId());
            }
            String status;
            if (line.validIndex() >= 0) {
                status = outcomes.get(line.validIndex()) == EventWriter.Outcome.ACCEPTED ? "accepted" : "duplicate";
            } else {
                status = "rejected";
                r.put("field", line.field()).put("code", line.code()).put("message", line.message());
            }
            switch (status) {
                case "accepted" -> accepted++;
                case "duplicate" -> duplicates++;
                default -> rejected++;
            }
            r.put("status", status);
            if (!problemsOnly || !"accepted".equals(status)) {
                results.add(r);
            }
        }
        int statusCode = accepted + duplicates == 0 ? 422 : 200;
        ctx.response().setStatusCode(statusCode).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("accepted", accepted).put("duplicates", duplicates).put("rejected", rejected)
                        .put("results", results).encode());
    }

    /** Hands events to the writer and maps its refusals to 429/503; completes once they are stored. */
    private Future<List<EventWriter.Outcome>> store(RoutingContext ctx, List<CaseEvent> events) {
        try {
            return Future.fromCompletionStage(writer.submit(events), ctx.vertx().getOrCreateContext()).recover(e -> {
                ctx.response().putHeader("Retry-After", "1");
                return Future.failedFuture(new Problem.Failure(Problem.of(503, "storage_unavailable",
                        "the events could not be stored and were not acknowledged: " + e.getMessage())));
            });
        } catch (EventWriter.QueueFullException e) {
            ctx.response().putHeader("Retry-After", "1");
            return Future.failedFuture(new Problem.Failure(Problem.of(429, "queue_full", e.getMessage() + "; retry after 1 s")));
        } catch (EventWriter.WriterClosedException e) {
            ctx.response().putHeader("Retry-After", "5");
            return Future.failedFuture(new Problem.Failure(Problem.of(503, "shutting_down", e.getMessage())));
        }
    }

    private static void requireContentType(RoutingContext ctx, String expected) {
        String type = ctx.request().getHeader("Content-Type");
        String bare = type == null ? "" : type.split(";", 2)[0].trim();
        if (!bare.equalsIgnoreCase(expected)) {
            throw new Problem.Failure(Problem.field(415, "unsupported_media_type", "Content-Type",
                    "send " + expected + " (got " + (type == null ? "none" : type) + ")"));
        }
    }

    private static JsonNode readJson(byte[] bytes, int start, int end) throws IOException {
        return JSON.readTree(bytes, start, end - start);
    }

    private static boolean blank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** One NDJSON line: either an index into the valid events, or a rejection. */
    private record LineResult(int line, String eventId, int validIndex, String field, String code, String message) {
        static LineResult rejected(int line, String eventId, String field, String code, String message) {
            return new LineResult(line, eventId, -1, field, code, message);
        }
    }
}
