package dev.webtop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.base.WebtopException;
import dev.webtop.generate.PatternShape.Shape;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficPatternTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void burstyGetsTheOriginalsDefaults() {
        TrafficPattern p = TrafficPattern.of("Bursty.Example", MINUTE, 1000L, null, null, PatternShape.of(Shape.BURSTY, null, null, null, null));
        assertEquals(Map.of("domain", "bursty.example", "use_specific_domain", true, "amount", 1000L,
            "burst_probability", 0.4, "burst_multiplier", 10L), p.config());
    }

    @Test
    void decliningStoresANegativeRateWhicheverSignWasTyped() {
        for (double typed : new double[] {20, -20}) {
            TrafficPattern p = TrafficPattern.of("a.example", MINUTE, 500L, null, null, PatternShape.of(Shape.DECLINING, typed, null, null, null));
            assertEquals(-20L, p.config().get("growth_rate"));
        }
    }

    @Test
    void growingDefaultsToTenMoreEachRun() {
        TrafficPattern p = TrafficPattern.of("a.example", MINUTE, 100L, null, null, PatternShape.of(Shape.GROWING, null, 5000L, null, null));
        assertEquals(10L, p.config().get("growth_rate"));
        assertEquals(5000L, p.config().get("cap"));
    }

    @Test
    void aRangeReplacesTheAmount() {
        TrafficPattern p = TrafficPattern.of("a.example", MINUTE, null, 300L, 500L, PatternShape.of(Shape.STEADY, null, null, null, null));
        assertEquals(300L, p.config().get("amount_min"));
        assertEquals(500L, p.config().get("amount_max"));
        assertTrue(!p.config().containsKey("amount"));
    }

    @Test
    void rejectsWhatTheJobCannotRun() {
        assertBad("is not a domain name", () -> TrafficPattern.of("localhost", MINUTE, 5L, null, null, PatternShape.of(Shape.STEADY, null, null, null, null)));
        assertBad("at least 1s", () -> TrafficPattern.of("a.example", Duration.ofMillis(999), 5L, null, null, PatternShape.of(Shape.STEADY, null, null, null, null)));
        assertBad("either --amount", () -> TrafficPattern.of("a.example", MINUTE, 5L, 1L, 9L, PatternShape.of(Shape.STEADY, null, null, null, null)));
        assertBad("both --amount-min and --amount-max", () -> TrafficPattern.of("a.example", MINUTE, null, 1L, null, PatternShape.of(Shape.STEADY, null, null, null, null)));
        assertBad("above --amount-max", () -> TrafficPattern.of("a.example", MINUTE, null, 9L, 1L, PatternShape.of(Shape.STEADY, null, null, null, null)));
        assertBad("from 0 to 1", () -> TrafficPattern.of("a.example", MINUTE, 5L, null, null, PatternShape.of(Shape.BURSTY, null, null, -0.1, null)));
        assertBad("at least 1", () -> TrafficPattern.of("a.example", MINUTE, 5L, null, null, PatternShape.of(Shape.BURSTY, null, null, null, 0.5)));
        assertBad("go with --pattern bursty", () -> TrafficPattern.of("a.example", MINUTE, 5L, null, null, PatternShape.of(Shape.STEADY, null, null, 0.5, null)));
        assertBad("go with --pattern growing or declining", () -> TrafficPattern.of("a.example", MINUTE, 5L, null, null, PatternShape.of(Shape.BURSTY, 3.0, null, null, null)));
        assertBad("positive --growth-rate", () -> TrafficPattern.of("a.example", MINUTE, 5L, null, null, PatternShape.of(Shape.GROWING, -3.0, null, null, null)));
    }

    private static void assertBad(String expected, org.junit.jupiter.api.function.Executable build) {
        WebtopException e = assertThrows(WebtopException.class, build);
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
