package dev.webtop.load;

import java.util.SplittableRandom;

/**
 * Events in each second of a run, from the requested rate and a traffic pattern with the
 * parameters `webtop setup` takes: steady; bursty (a second is multiplied by burstMultiplier with
 * burstProbability); growing and declining (growthRate events per second more, or fewer, every
 * second, never below 0, capped at cap when given). The same seed gives the same bursts.
 */
public record RateShape(String pattern, double perSecond, double growthRate, Long cap,
                        double burstProbability, double burstMultiplier, long seed) {

    public static RateShape steady(double perSecond) {
        return new RateShape("steady", perSecond, 0, null, 0, 1, 0);
    }

    /** Events in second s of the run (0 is the first). */
    public long perSecond(long s) {
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
}
