package cn.haikou.mediation.analytics;

import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Function;

/**
 * A period a result is compared with ({@code previous}: 环比, {@code yoy}: 同比), and how a bucket
 * of the requested range maps onto it: the comparison bucket is the one containing the bucket's
 * start shifted back. A start that does not exist in the shifted calendar (31 March one month
 * back, 29 February a year back) has no comparison value rather than borrowing a neighbour's.
 */
public record Comparison(String name, TimeRange range, Function<ZonedDateTime, Optional<ZonedDateTime>> shift) {

    public static final String PREVIOUS = "previous";
    public static final String YEAR_ON_YEAR = "yoy";
}
