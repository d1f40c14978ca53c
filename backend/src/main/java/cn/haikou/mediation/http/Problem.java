package cn.haikou.mediation.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A JSON problem response: a stable machine-readable {@code code}, a message a person understands,
 * the offending {@code field} when there is one, and the HTTP status.
 */
public record Problem(int status, String code, String message, String field) {

    public static Problem of(int status, String code, String message) {
        return new Problem(status, code, message, null);
    }

    public static Problem field(int status, String code, String field, String message) {
        return new Problem(status, code, message, field);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("status", status).put("code", code).put("message", message);
        if (field != null) {
            json.put("field", field);
        }
        return json;
    }

    public void send(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json; charset=utf-8")
                .end(toJson().encode());
    }

    /** Thrown by handlers for an expected client error; {@link HttpErrors} turns it into the response. */
    public static final class Failure extends RuntimeException {
        private final Problem problem;

        public Failure(Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }
}
