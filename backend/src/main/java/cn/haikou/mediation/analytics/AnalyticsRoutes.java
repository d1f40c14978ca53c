package cn.haikou.mediation.analytics;

import cn.haikou.mediation.config.AppConfig;
import cn.haikou.mediation.domain.Pack;
import cn.haikou.mediation.http.Problem;
import cn.haikou.mediation.http.Routes;
import cn.haikou.mediation.storage.BlockingStore;
import cn.haikou.mediation.storage.ClickHouseException;
import cn.haikou.mediation.storage.ErrorCodes;
import cn.haikou.mediation.storage.QueryLimitException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analytics API for leaders' and analysts' pages (analyst or admin token required):
 * <pre>
 * GET /api/v1/analytics/dimensions   codes and names to build pickers from
 * GET /api/v1/analytics/query        figures by time bucket and group, JSON or CSV
 * </pre>
 */
public final class AnalyticsRoutes implements Routes {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsRoutes.class);

    private final AccessCheck access;
    private final Pack pack;
    private final QueryParser parser;
    private final AnalyticsService service;
    private final DimensionCatalog catalog;

    public AnalyticsRoutes(BlockingStore store, Pack pack, AppConfig.Analytics limits, AccessCheck access, Clock clock) {
        TimeRanges ranges = new TimeRanges(clock, pack.zone());
        this.access = access;
        this.pack = pack;
        this.parser = new QueryParser(pack, ranges, limits);
        this.service = new AnalyticsService(store, ranges, limits);
        this.catalog = new DimensionCatalog(store, pack, limits);
    }

    @Override
    public void mount(Vertx vertx, Router router) {
        SecurityPolicyHandler analystOnly = ctx -> {
            access.requireAnalyst(ctx);
            ctx.next();
        };
        router.get("/api/v1/analytics/dimensions").handler(analystOnly).handler(this::dimensions);
        router.get("/api/v1/analytics/query").handler(analystOnly).handler(this::query);
    }

    private void dimensions(RoutingContext ctx) {
        catalog.describe()
                .onSuccess(json -> ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(json.encode()))
                .onFailure(e -> fail(ctx, e));
    }

    private void query(RoutingContext ctx) {
        AnalyticsQuery query;
        try {
            query = parser.parse(params(ctx.queryParams()), ctx.request().getHeader("Accept"));
        } catch (InvalidQueryException e) {
            throw problem(e);
        }
        long started = System.nanoTime();
        boolean csv = query.format() == AnalyticsQuery.Format.CSV;
        // A result may hold 100,000 rows: rendering it is work for a worker thread, not the event loop.
        service.run(query)
                .compose(result -> ctx.vertx().executeBlocking(() -> csv ? ResultCsv.render(result, pack)
                        : ResultJson.render(result, pack).encode(), false))
                .onSuccess(body -> {
                    LOG.debug("analytics query answered in {} ms", (System.nanoTime() - started) / 1_000_000);
                    if (csv) {
                        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                                .putHeader("Content-Disposition", "attachment; filename=\"analytics.csv\"");
                    } else {
                        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8");
                    }
                    ctx.response().end(body);
                })
                .onFailure(e -> fail(ctx, e));
    }

    private static Map<String, List<String>> params(MultiMap multi) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : multi.names()) {
            out.put(name, multi.getAll(name));
        }
        return out;
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof InvalidQueryException invalid) {
            ctx.fail(problem(invalid));
        } else if (e instanceof QueryLimitException limit) {
            ctx.fail(new Problem.Failure(Problem.of(503, "query_too_expensive",
                    "the query hit the database's time or memory bound (" + limit.getMessage().lines().findFirst().orElse("")
                            + "); narrow the range, the groups or the filters")));
        } else if (e instanceof ClickHouseException ch && ch.code() == ErrorCodes.BAD_QUERY_PARAMETER) {
            ctx.fail(new Problem.Failure(Problem.of(400, "invalid_parameter", "a parameter value was refused by the database")));
        } else {
            ctx.fail(e);
        }
    }

    private static Problem.Failure problem(InvalidQueryException e) {
        return new Problem.Failure(Problem.field(400, e.code(), e.field(), e.getMessage()));
    }
}
