package dev.webtop.generate;

import java.util.SplittableRandom;

/**
 * Events in each second of a run, from the requested rate and a traffic pattern with the
 * parameters `webtop setup` takes: steady; bursty (a second is multiplied by burstMultiplier with
 * burstProbability); growing and declining (growthRate events per second more, or fewer, every
 * second, never below 0, capped at cap when given). The same seed gives the same bursts.
 * "daily" is history's shape: quiet at 03:00 UTC, busiest at 15:00, perSecond on average over a
 * day, from the run's first epoch second.
 */
public record RateShape(String pattern, double perSecond, double growthRate, Long cap,
                        double burstProbability, double burstMultiplier, long seed, long firstEpochSecond) {
    private static final double DAY = 86_400;
    private static final double DAILY_SWING = 0.6;

    public static RateShape daily(double perSecond, long firstEpochSecond) {
        return new RateShape("daily", perSecond, 0, null, 0, 1, 0, firstEpochSecond);
    }

    /** Events in second s of the run (0 is the first). */
    public long perSecond(long s) {
        if (pattern.equals("daily")) {
            // whole events from the running total of the curve, so nothing is lost to rounding
            return Math.round(dailyTotal(s + 1)) - Math.round(dailyTotal(s));
        }
        double rate = switch (pattern) {
            case "bursty" -> new SplittableRandom(seed * 31 + s).nextDouble() < burstProbability
                ? perSecond * burstMultiplier : perSecond;
            case "growing" -> perSecond + growthRate * s;
            case "declining" -> perSecond - growthRate * s;
            default -> perSecond;
        };
        rate = Math.max(0, rate);
        if (cap != null) {
            rate = Math.min(rate, cap);
        }
        return Math.round(rate);
    }

    /** Expected events in the first s seconds: the integral of perSecond * (1 + swing * sin(...)). */
    private double dailyTotal(long s) {
        double phase = 2 * Math.PI / DAY;
        double shift = 9 * 3600;   // sin peaks 6 hours after its zero: 15:00 UTC
        double integral = s + DAILY_SWING / phase
            * (Math.cos(phase * (firstEpochSecond - shift)) - Math.cos(phase * (firstEpochSecond + s - shift)));
        return perSecond * integral;
    }
}
