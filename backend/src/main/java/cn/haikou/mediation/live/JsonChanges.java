package cn.haikou.mediation.live;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * What changed from one state of a panel to the next, as the fields to overwrite: objects nest,
 * anything else (numbers, strings, arrays, null) is replaced whole. A screen merges an update into
 * the snapshot it holds (the wall: {@code mergeChanges} in {@code dashboard-ui/src/wall/live.js}).
 *
 * <p>Not JSON Merge Patch (RFC 7386): there a null removes a field, here it is a value (a rate with
 * nothing to divide is null). A field that disappears cannot be said, so this is only for panels
 * whose fields are fixed, such as the KPIs; under a steady stream a KPI update is then the handful
 * of counts that moved instead of all 40-odd figures.
 */
public final class JsonChanges {

    private JsonChanges() {
    }

    /** The fields of {@code after} that differ from {@code before} (all of them if there is no before). */
    static JsonObject between(JsonObject before, JsonObject after) {
        if (before == null) {
            return after;
        }
        JsonObject changes = new JsonObject();
        for (Map.Entry<String, Object> field : after) {
            String name = field.getKey();
            Object now = field.getValue();
            Object was = before.getValue(name);
            if (now instanceof JsonObject nested && was instanceof JsonObject wasNested) {
                JsonObject inner = between(wasNested, nested);
                if (!inner.isEmpty()) {
                    changes.put(name, inner);
                }
            } else if (!Objects.equals(was, now) || !before.containsKey(name)) {
                changes.put(name, now);
            }
        }
        return changes;
    }

    /**
     * {@code state} with {@code changes} written over it, as a screen merges an update (the receiving
     * side of {@link #between}; the wall does the same in JavaScript). Neither argument is modified.
     */
    public static JsonObject apply(JsonObject state, JsonObject changes) {
        JsonObject merged = state.copy();
        for (Map.Entry<String, Object> field : changes) {
            Object was = merged.getValue(field.getKey());
            merged.put(field.getKey(), field.getValue() instanceof JsonObject nested && was instanceof JsonObject wasNested
                    ? apply(wasNested, nested) : field.getValue());
        }
        return merged;
    }
}
