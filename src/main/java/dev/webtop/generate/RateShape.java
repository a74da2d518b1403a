package dev.webtop.generate;

import java.util.SplittableRandom;

/**
 * Events in each second of a run: the requested rate shaped by a traffic pattern (the same seed
 * gives the same bursts), or history's daily shape, quiet at 03:00 UTC and busiest at 15:00,
 * perSecond on average over a day, from the run's first epoch second.
 */
public interface RateShape {
    /** Events in second s of the run (0 is the first). */
    long perSecond(long s);

    /** Whether every second asks for the same rate, so a run below it is worth a warning. */
    boolean steady();

    static RateShape of(PatternShape pattern, double perSecond, long seed) {
        return new Patterned(pattern, perSecond, seed);
    }

    static RateShape daily(double perSecond, long firstEpochSecond) {
        return new Daily(perSecond, firstEpochSecond);
    }

    /** perSecond grown by the pattern each second, and multiplied in the seconds that burst. */
    record Patterned(PatternShape pattern, double perSecond, long seed) implements RateShape {
        @Override
        public long perSecond(long s) {
            double rate = pattern.grown(perSecond, s);
            if (pattern.shape() == PatternShape.Shape.BURSTY
                && new SplittableRandom(seed * 31 + s).nextDouble() < pattern.burstProbability()) {
                rate *= pattern.burstMultiplier();
            }
            return Math.round(rate);
        }

        @Override
        public boolean steady() {
            return pattern.shape() == PatternShape.Shape.STEADY;
        }
    }

    record Daily(double perSecond, long firstEpochSecond) implements RateShape {
        private static final double DAY = 86_400;
        private static final double SWING = 0.6;

        @Override
        public long perSecond(long s) {
            // whole events from the running total of the curve, so nothing is lost to rounding
            return Math.round(total(s + 1)) - Math.round(total(s));
        }

        @Override
        public boolean steady() {
            return false;
        }

        /** Expected events in the first s seconds: the integral of perSecond * (1 + swing * sin(...)). */
        private double total(long s) {
            double phase = 2 * Math.PI / DAY;
            double shift = 9 * 3600;   // sin peaks 6 hours after its zero: 15:00 UTC
            double integral = s + SWING / phase
                * (Math.cos(phase * (firstEpochSecond - shift)) - Math.cos(phase * (firstEpochSecond + s - shift)));
            return perSecond * integral;
        }
    }
}
