package cn.haikou.mediation.analytics;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.EventKind;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.domain.PackFile;
import cn.haikou.mediation.storage.BlockingStore;
import cn.haikou.mediation.storage.Row;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the analyst pages need to build their pickers: the pack's codes with names, the
 * mediators seen in the data, and the API's own vocabulary (metrics, granularities, ranges,
 * limits), so that no page hard-codes a list.
 */
final class DimensionCatalog {

    private final BlockingStore store;
    private final Pack pack;
    private final AppConfig.Analytics limits;

    DimensionCatalog(BlockingStore store, Pack pack, AppConfig.Analytics limits) {
        this.store = store;
        this.pack = pack;
        this.limits = limits;
    }

    Future<JsonObject> describe() {
        AnalyticsSql.Statement s = AnalyticsSql.mediators(limits.maxGroups());
        return store.call(ch -> ch.query(s.sql(), s.params()).toList()).map(this::render);
    }

    private JsonObject render(List<Row> mediatorRows) {
        JsonArray districts = new JsonArray();
        JsonArray towns = new JsonArray();
        for (PackFile.District d : pack.districts()) {
            districts.add(new JsonObject().put("code", d.code()).put("name", d.name()).put("towns", new JsonArray(d.towns())));
            for (String t : d.towns()) {
                towns.add(new JsonObject().put("code", t).put("name", t).put("district", d.code()));
            }
        }
        JsonArray kinds = new JsonArray();
        for (EventKind k : EventKind.values()) {
            kinds.add(new JsonObject().put("code", k.code()).put("name", k.label()));
        }
        JsonArray mediators = new JsonArray();
        mediatorRows.forEach(r -> mediators.add(new JsonObject().put("code", r.getString("mediator")).put("name", r.getString("mediator"))
                .put("events", r.getLong("events"))
                .put("lastSeen", ResultJson.TIME.format(r.getInstant("last_seen").atZone(pack.zone())))));
        JsonArray metrics = new JsonArray();
        for (Metric m : Metric.values()) {
            metrics.add(new JsonObject().put("name", m.code()).put("label", m.label()).put("unit", m.unit()));
        }
        JsonArray dimensions = new JsonArray();
        for (Dimension d : Dimension.values()) {
            dimensions.add(new JsonObject().put("name", d.code()).put("label", d.label()));
        }
        JsonArray granularities = new JsonArray();
        for (Granularity g : Granularity.values()) {
            granularities.add(new JsonObject().put("name", g.code()).put("label", g.label()).put("maxBuckets", g.maxBuckets()));
        }
        return new JsonObject()
                .put("pack", new JsonObject().put("id", pack.id()).put("name", pack.name()).put("zone", pack.zone().getId()))
                .put("districts", districts)
                .put("towns", towns)
                .put("caseTypes", entries(pack.caseTypes()))
                .put("channels", entries(pack.channels()))
                .put("committees", entries(pack.committees()))
                .put("kinds", kinds)
                .put("mediators", mediators)
                .put("mediatorsTruncated", mediators.size() >= limits.maxGroups())
                .put("dimensions", dimensions)
                .put("metrics", metrics)
                .put("granularities", granularities)
                .put("ranges", new JsonArray(TimeRanges.RELATIVE))
                .put("limits", new JsonObject().put("maxRangeDays", limits.maxRangeDays()).put("maxGroups", limits.maxGroups())
                        .put("maxRows", limits.maxRows()));
    }

    private static JsonArray entries(List<PackFile.Entry> entries) {
        JsonArray out = new JsonArray();
        entries.forEach(e -> out.add(new JsonObject().put("code", e.code()).put("name", e.name())));
        return out;
    }
}
