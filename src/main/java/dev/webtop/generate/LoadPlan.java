package dev.webtop.generate;

import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import dev.webtop.config.Times;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one `webtop generate` writes: `shape.perSecond(s)` events in each second s from
 * `firstSecond` on, until `seconds` seconds or `count` rows (-1: not given), paced in real time
 * or as fast as the database takes them, by `workers` connections in COPYs of at most
 * `batchSize` rows.
 */
public record LoadPlan(EventGenerator.Settings events, RateShape shape, boolean paced,
                       long firstSecond, long seconds, long count, int workers, int batchSize) {
    /** Events per second of history when the rate is unlimited: the timestamps of a --rate max run. */
    public static final int UNLIMITED_DENSITY = 10_000;

    /**
     * What the user asked for, as given (null where an option was left out): rate is a number or
     * max, duration a duration, from and to dates or times.
     */
    public record Request(String rate, String preset, String duration, Long count, int domains, int users,
                          int pages, double bots, PatternShape pattern, Long seed, Integer workers,
                          int batchSize, String from, String to) {
    }

    /** Checks a request (exit 2 naming what is accepted) and makes its plan; `now` starts it. */
    public static LoadPlan of(Request request, Instant now) {
        long seed = request.seed() != null ? request.seed() : ThreadLocalRandom.current().nextLong(1L << 40);
        return request.from() != null || request.to() != null ? history(request, now, seed)
            : live(request, now, seed);
    }

    /** The rows the plan will write, or -1 when it has no known end. */
    public long expectedRows() {
        if (count >= 0) {
            return count;
        }
        if (!paced || seconds < 0) {
            return -1;
        }
        long rows = 0;
        for (long s = 0; s < seconds; s++) {
            rows += shape.perSecond(s);
        }
        return rows;
    }

    /** The requested events per second (the first second's, for a pattern that changes). */
    public long requestedPerSecond() {
        return shape.perSecond(0);
    }

    /** History: from --from to --to, unpaced, the daily shape around --rate (default 100 a second). */
    private static LoadPlan history(Request r, Instant now, long seed) {
        if (r.from() == null) {
            throw WebtopException.badInput("--to goes with --from: give the start of the history, like --from 2026-11-01");
        }
        if (r.count() != null || r.duration() != null || (r.preset() != null && r.rate() != null)
            || r.pattern().shape() != PatternShape.Shape.STEADY || "max".equalsIgnoreCase(r.rate())) {
            throw WebtopException.badInput("--from/--to take --rate N or --preset (events a second on average), "
                + "not --count, --duration, --pattern or --rate max");
        }
        long start = Times.parse("--from", r.from()).getEpochSecond();
        long end = r.to() == null ? now.getEpochSecond() : Times.parse("--to", r.to()).getEpochSecond();
        if (end <= start || end > now.getEpochSecond() + 1) {
            throw WebtopException.badInput("--from must be before --to, and --to not in the future");
        }
        double perSecond = r.preset() != null ? presetRate(r.preset()) : r.rate() == null ? 100 : number(r.rate());
        int writers = writers(r);
        return new LoadPlan(settings(r, seed), RateShape.daily(perSecond, start), false, start, end - start, -1,
            writers, r.batchSize());
    }

    /** Now on: paced at --rate or --preset, or --rate max into the seconds just before now. */
    private static LoadPlan live(Request r, Instant now, long seed) {
        if (r.rate() != null && r.preset() != null) {
            throw WebtopException.badInput("give --rate or --preset, not both");
        }
        boolean unlimited = "max".equalsIgnoreCase(r.rate());
        double perSecond = unlimited ? UNLIMITED_DENSITY : r.preset() != null ? presetRate(r.preset())
            : r.rate() != null ? number(r.rate()) : 1000;
        if (r.duration() != null && r.count() != null) {
            throw WebtopException.badInput("give --duration or --count, not both");
        }
        if (r.count() != null && r.count() < 0) {
            throw WebtopException.badInput("--count cannot be negative");
        }
        long seconds = -1;
        if (r.duration() != null) {
            seconds = Durations.parse("--duration", r.duration()).getSeconds();
            if (seconds < 1) {
                throw WebtopException.badInput("--duration must be at least 1s, like 30s");
            }
        }
        if (unlimited && r.count() == null) {
            throw WebtopException.badInput("--rate max needs --count N (the events are spread over the seconds "
                + "before now, " + UNLIMITED_DENSITY + " a second), or --from for history");
        }
        int writers = writers(r);
        EventGenerator.Settings settings = settings(r, seed);
        long first = unlimited ? now.getEpochSecond() - (r.count() + UNLIMITED_DENSITY - 1) / UNLIMITED_DENSITY
            : now.getEpochSecond();
        return new LoadPlan(settings, RateShape.of(r.pattern(), perSecond, settings.seed()), !unlimited, first,
            seconds, r.count() == null ? -1 : r.count(), writers,
            r.batchSize());
    }

    private static double presetRate(String preset) {
        return switch (preset.toLowerCase(Locale.ROOT)) {
            case "low" -> 100;
            case "medium" -> 1000;
            case "high" -> 10_000;
            default -> throw WebtopException.badInput("--preset must be low, medium or high, not '" + preset + "'");
        };
    }

    private static double number(String rate) {
        double perSecond;
        try {
            perSecond = Double.parseDouble(rate);
        } catch (NumberFormatException e) {
            throw WebtopException.badInput("--rate must be a number of events per second or max, not '" + rate + "'");
        }
        if (!(perSecond > 0 && perSecond <= 1_000_000)) {
            throw WebtopException.badInput("--rate must be above 0 and at most 1000000, or max");
        }
        return perSecond;
    }

    /** Checks the sizes every plan shares and returns the number of writers. */
    private static int writers(Request r) {
        if (r.domains() < 1 || r.users() < 1 || r.pages() < 1) {
            throw WebtopException.badInput("--domains, --users and --pages must be at least 1");
        }
        if (!(r.bots() >= 0 && r.bots() <= 1)) {
            throw WebtopException.badInput("--bots must be a fraction from 0 to 1, like 0.02");
        }
        int writers = r.workers() != null ? r.workers() : Runtime.getRuntime().availableProcessors();
        if (writers < 1 || writers > 64) {
            throw WebtopException.badInput("--workers must be from 1 to 64");
        }
        return writers;
    }

    private static EventGenerator.Settings settings(Request r, long seed) {
        return new EventGenerator.Settings(r.domains(), r.users(), r.pages(), r.bots(), seed);
    }
}
