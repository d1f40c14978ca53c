package cn.haikou.mediation.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Changes between two states of a panel")
class JsonChangesTest {

    private static JsonObject kpi(long received, Double successRate, long total) {
        return new JsonObject()
                .put("today", new JsonObject().put("received", received).put("successRate", successRate).put("closed", 3))
                .put("received", new JsonObject().put("today", received).put("total", total))
                .put("overdueByLevel", new JsonObject().put("red", 1).put("orange", 0))
                .put("hours", new JsonArray().add(1).add(2));
    }

    @Test
    @DisplayName("only the fields that moved, nested as in the state; null is a value, not a removal")
    void onlyWhatMoved() {
        JsonObject changes = JsonChanges.between(kpi(5, 0.5, 100), kpi(6, null, 101));
        assertThat(changes).isEqualTo(new JsonObject()
                .put("today", new JsonObject().put("received", 6L).put("successRate", null))
                .put("received", new JsonObject().put("today", 6L).put("total", 101L)));
        assertThat(JsonChanges.between(kpi(5, 0.5, 100), kpi(5, 0.5, 100))).isEmpty();
    }

    @Test
    @DisplayName("an array is replaced whole; with nothing before, everything is a change")
    void arraysAndFirstState() {
        JsonObject after = kpi(5, 0.5, 100).put("hours", new JsonArray().add(1).add(3));
        assertThat(JsonChanges.between(kpi(5, 0.5, 100), after)).isEqualTo(new JsonObject().put("hours", new JsonArray().add(1).add(3)));
        assertThat(JsonChanges.between(null, after)).isSameAs(after);
    }

    @Test
    @DisplayName("merging the changes into the earlier state gives the later state, and leaves the earlier one as it was")
    void applyRestoresTheLaterState() {
        JsonObject before = kpi(5, 0.5, 100);
        JsonObject after = kpi(7, null, 102);
        JsonObject merged = JsonChanges.apply(before, JsonChanges.between(before, after));
        assertThat(merged).isEqualTo(after);
        assertThat(before).isEqualTo(kpi(5, 0.5, 100));
    }
}
