package dev.webtop.cli;

import dev.webtop.generate.PatternShape;
import picocli.CommandLine.Option;

/** How a traffic pattern changes from step to step, for `generate --pattern` and `setup --pattern`. */
final class PatternOptions {
    @Option(names = "--growth-rate", paramLabel = "N",
        description = "growing/declining: added (taken away) at each step, a second or a run (default 10).")
    Double growthRate;

    @Option(names = "--cap", paramLabel = "N", description = "growing/declining: never more than this.")
    Long cap;

    @Option(names = "--burst-probability", paramLabel = "P",
        description = "bursty: the chance that a step bursts, 0 to 1 (default 0.4).")
    Double burstProbability;

    @Option(names = "--burst-multiplier", paramLabel = "X",
        description = "bursty: a burst's factor, at least 1 (default 10).")
    Double burstMultiplier;

    /** The named shape with these options, checked against it. */
    PatternShape shape(String pattern) {
        return PatternShape.of(PatternShape.Shape.parse(pattern), growthRate, cap, burstProbability, burstMultiplier);
    }
}
