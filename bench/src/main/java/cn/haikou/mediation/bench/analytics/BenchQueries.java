package cn.haikou.mediation.bench.analytics;

import java.util.List;

/**
 * The typical questions of a city leader's review and an analyst's session, over the last
 * complete month of the benchmark data (September 2026) and the years before it.
 */
final class BenchQueries {

    /** One benchmark query: a name for the table and the query string of /api/v1/analytics/query. */
    record Query(String name, String queryString) {
    }

    static final List<Query> ALL = List.of(
            new Query("KPI cards: month vs previous and last year",
                    "metrics=received,closed,successRate,onTimeRate,satisfaction,amountRecovered&from=2026-09-01&to=2026-10-01&compare=previous,yoy"),
            new Query("Daily trend, 30 days, vs last year",
                    "metrics=received,closed&granularity=day&from=2026-09-01&to=2026-10-01&compare=yoy"),
            new Query("One day by hour vs the day before",
                    "metrics=received,closed&granularity=hour&from=2026-09-15&to=2026-09-16&compare=previous"),
            new Query("Type share, year to date",
                    "metrics=received&groupBy=caseType&from=2026-01-01&to=2026-10-01"),
            new Query("District x type, year to date",
                    "metrics=received,successRate&groupBy=district,caseType&from=2026-01-01&to=2026-10-01"),
            new Query("Top 10 towns, 30 days, vs last year",
                    "metrics=received,closed&groupBy=town&top=10&orderBy=received&from=2026-09-01&to=2026-10-01&compare=yoy"),
            new Query("Top 20 mediators by closures, quarter",
                    "metrics=closed,successRate,closeTimeMean&groupBy=mediator&top=20&orderBy=closed&from=2026-07-01&to=2026-10-01"),
            new Query("Committees, year to date",
                    "metrics=closed,successRate,satisfaction&groupBy=committee&from=2026-01-01&to=2026-10-01"),
            new Query("Channels by week, quarter",
                    "metrics=received&groupBy=channel&granularity=week&from=2026-06-29&to=2026-09-28"),
            new Query("12 months by month, vs last year",
                    "metrics=received,closed,successRate&granularity=month&from=2025-10-01&to=2026-10-01&compare=yoy"),
            new Query("5 years by month and district",
                    "metrics=received&groupBy=district&granularity=month&from=2021-10-01&to=2026-10-01"),
            new Query("Close/accept-time percentiles by month, 12 months",
                    "metrics=closeTimeP50,closeTimeP90,acceptTimeP90&granularity=month&from=2025-10-01&to=2026-10-01"),
            new Query("CSV: district x type, year to date",
                    "metrics=received,closed,successRate&groupBy=district,caseType&from=2026-01-01&to=2026-10-01&format=csv"));

    private BenchQueries() {
    }
}
