package dev.webtop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.webtop.base.WebtopException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEveryUnitAndBareSeconds() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(Duration.ofDays(1), Durations.parse(" 1d "));
    }

    @Test
    void rejectsAnythingElseAsBadInput() {
        for (String text : new String[] {"", "soon", "-5s", "1.5m", "5 minutes", "3w"}) {
            WebtopException e = assertThrows(WebtopException.class, () -> Durations.parse(text), text);
            assertEquals(2, e.exitCode());
        }
    }

    @Test
    void formatsWithTheLargestWholeUnit() {
        assertEquals("5s", Durations.format(Duration.ofSeconds(5)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1m", Durations.format(Duration.ofMinutes(1)));
        assertEquals("2h", Durations.format(Duration.ofHours(2)));
        assertEquals("1d", Durations.format(Duration.ofDays(1)));
    }
}
