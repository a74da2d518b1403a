package dev.webtop.generate;

import dev.webtop.base.WebtopException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How traffic changes from one step to the next (a second of `webtop generate`, a run of a
 * `webtop setup` pattern job): steady; bursty (a step is multiplied by burstMultiplier with
 * burstProbability); growing or declining (growthRate more, or fewer, every step, never below 0,
 * at most cap when given). growthRate is signed: positive grows, negative declines.
 */
public record PatternShape(Shape shape, double growthRate, Long cap, double burstProbability,
                           double burstMultiplier) {

    public enum Shape {
        STEADY, BURSTY, GROWING, DECLINING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A shape by its name, any case; exit 2 naming the shapes otherwise. */
        public static Shape parse(String name) {
            return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> WebtopException.badInput("--pattern must be " + accepted() + ", not '"
                    + name + "'"));
        }

        /** "steady, bursty, growing or declining" */
        static String accepted() {
            return Arrays.stream(values()).map(Shape::label).collect(Collectors.joining(", "))
                .replaceFirst(", (\\w+)$", " or $1");
        }
    }

    public static final double DEFAULT_BURST_PROBABILITY = 0.4;
    public static final double DEFAULT_BURST_MULTIPLIER = 10;
    public static final double DEFAULT_GROWTH_RATE = 10;
    private static final PatternShape STEADY = new PatternShape(Shape.STEADY, 0, null, 0, 1);

    /**
     * Checks the options against the shape (exit 2 naming what is accepted) and fills in its
     * defaults. A declining pattern's rate is how much it falls, whichever sign was typed.
     */
    public static PatternShape of(Shape shape, Double growthRate, Long cap, Double burstProbability,
                                  Double burstMultiplier) {
        boolean growth = shape == Shape.GROWING || shape == Shape.DECLINING;
        if ((burstProbability != null || burstMultiplier != null) && shape != Shape.BURSTY) {
            throw WebtopException.badInput("--burst-probability and --burst-multiplier go with --pattern bursty");
        }
        if ((growthRate != null || cap != null) && !growth) {
            throw WebtopException.badInput("--growth-rate and --cap go with --pattern growing or declining");
        }
        if (burstProbability != null && !(burstProbability >= 0 && burstProbability <= 1)) {
            throw WebtopException.badInput("--burst-probability must be from 0 to 1, like 0.4");
        }
        if (burstMultiplier != null && !(burstMultiplier >= 1)) {
            throw WebtopException.badInput("--burst-multiplier must be at least 1, like 10");
        }
        if (cap != null && cap < 0) {
            throw WebtopException.badInput("--cap cannot be negative");
        }
        double rate = growthRate == null ? DEFAULT_GROWTH_RATE : growthRate;
        if (shape == Shape.GROWING && !(rate > 0)) {
            throw WebtopException.badInput("a growing pattern needs a positive --growth-rate, like 10");
        }
        return switch (shape) {
            case STEADY -> STEADY;
            case BURSTY -> new PatternShape(shape, 0, null,
                burstProbability == null ? DEFAULT_BURST_PROBABILITY : burstProbability,
                burstMultiplier == null ? DEFAULT_BURST_MULTIPLIER : burstMultiplier);
            case GROWING -> new PatternShape(shape, rate, cap, 0, 1);
            case DECLINING -> new PatternShape(shape, -Math.abs(rate), cap, 0, 1);
        };
    }

    /** steady, bursty, growing or declining. */
    public String name() {
        return shape.label();
    }

    /** The amount at step `step` (0 is the first) from `base`, before any burst: never below 0, capped. */
    double grown(double base, long step) {
        double amount = Math.max(0, base + growthRate * step);
        return cap == null ? amount : Math.min(amount, cap);
    }
}
