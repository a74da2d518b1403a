package dev.webtop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.webtop.base.WebtopException;
import dev.webtop.generate.PatternShape.Shape;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One pattern model for `generate --pattern` (per second) and `setup --pattern` (per run). */
class PatternShapeTest {
    @Test
    void growingRisesByItsRateUpToItsCapAndDecliningFallsToZero() {
        RateShape growing = RateShape.of(PatternShape.of(Shape.GROWING, 5.0, 20L, null, null), 10, 1);
        assertEquals(10, growing.perSecond(0));
        assertEquals(15, growing.perSecond(1));
        assertEquals(20, growing.perSecond(2));
        assertEquals(20, growing.perSecond(100), "capped");
        RateShape declining = RateShape.of(PatternShape.of(Shape.DECLINING, 4.0, null, null, null), 10, 1);
        assertEquals(6, declining.perSecond(1));
        assertEquals(0, declining.perSecond(3), "never below 0");
    }

    @Test
    void aBurstyRateIsTheBaseOrItsMultipleAsOftenAsItsProbabilitySays() {
        RateShape bursty = RateShape.of(PatternShape.of(Shape.BURSTY, null, null, 0.25, 3.0), 100, 42);
        int bursts = 0;
        for (long s = 0; s < 10_000; s++) {
            long rate = bursty.perSecond(s);
            assertEquals(rate == 300 ? 300 : 100, rate);
            bursts += rate == 300 ? 1 : 0;
        }
        assertEquals(2500, bursts, 150);
        RateShape again = RateShape.of(PatternShape.of(Shape.BURSTY, null, null, 0.25, 3.0), 100, 42);
        for (long s = 0; s < 100; s++) {
            assertEquals(bursty.perSecond(s), again.perSecond(s), "the same seed bursts in the same seconds");
        }
    }

    @Test
    void setupsJobConfigCarriesTheSameShapeAsGenerateUses() {
        PatternShape shape = PatternShape.of(Shape.DECLINING, 20.0, null, null, null);
        TrafficPattern pattern = TrafficPattern.of("a.example", Duration.ofMinutes(1), 500L, null, null, shape);
        assertEquals(-20L, pattern.config().get("growth_rate"));
        assertEquals(480, RateShape.of(shape, 500, 1).perSecond(1));
    }

    @Test
    void optionsThatDoNotFitTheShapeAreRefusedTheSameWayForBothCommands() {
        String[] refused = {
            message(() -> PatternShape.of(Shape.STEADY, 5.0, null, null, null)),
            message(() -> PatternShape.of(Shape.STEADY, null, 10L, null, null)),
            message(() -> PatternShape.of(Shape.GROWING, null, null, 0.5, null)),
            message(() -> PatternShape.of(Shape.GROWING, 0.0, null, null, null)),
            message(() -> PatternShape.of(Shape.BURSTY, null, null, null, 0.5)),
            message(() -> Shape.parse("zigzag"))};
        assertEquals("--growth-rate and --cap go with --pattern growing or declining", refused[0]);
        assertEquals(refused[0], refused[1]);
        assertEquals("--burst-probability and --burst-multiplier go with --pattern bursty", refused[2]);
        assertEquals("a growing pattern needs a positive --growth-rate, like 10", refused[3]);
        assertEquals("--burst-multiplier must be at least 1, like 10", refused[4]);
        assertEquals("--pattern must be steady, bursty, growing or declining, not 'zigzag'", refused[5]);
    }

    private static String message(org.junit.jupiter.api.function.Executable build) {
        WebtopException e = assertThrows(WebtopException.class, build);
        assertEquals(2, e.exitCode());
        return e.getMessage();
    }
}
