package dev.webtop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
    private static final long SECOND = 1_800_000_000L;

    private static String row(LogBatch b, int i) {
        return b.timeMicros[i] + " " + text(b.domain[i]) + " " + text(b.path[i]) + " " + text(b.user[i]) + " "
            + text(b.session[i]) + " " + text(b.eventType[i]) + " " + b.status[i] + " " + b.bytes[i] + " "
            + b.responseMs[i] + " " + b.botRule[i];
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "-" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String[] rows(long seed) {
        EventGenerator generator = new EventGenerator(new EventGenerator.Settings(20, 500, 30, 0.1, seed));
        LogBatch a = generator.second(SECOND, 3000);
        LogBatch b = generator.second(SECOND + 1, 3000);
        String[] rows = new String[6000];
        for (int i = 0; i < 3000; i++) {
            rows[i] = row(a, i);
            rows[3000 + i] = row(b, i);
        }
        return rows;
    }

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        assertArrayEquals(rows(42), rows(42));
        assertNotEquals(rows(42)[0], rows(43)[0]);
    }

    @Test
    void aSecondHoldsExactlyItsEventsInTimeOrderWithTheRequestedShareOfBots() {
        EventGenerator generator = new EventGenerator(new EventGenerator.Settings(20, 10_000, 30, 0.05, 1));
        LogBatch batch = generator.second(SECOND, 10_000);
        assertEquals(10_000, batch.size());
        for (int i = 1; i < batch.size(); i++) {
            assertTrue(batch.timeMicros[i] > batch.timeMicros[i - 1]);
        }
        assertTrue(batch.timeMicros[0] >= SECOND * 1_000_000 && batch.timeMicros[9999] < (SECOND + 1) * 1_000_000);
        assertEquals(500, batch.bots(), "5 % of 10,000, every bot event flagged by a rule");
    }

    @Test
    void aSessionEndsAfterThirtyMinutesWithoutAnEvent() {
        EventGenerator generator = new EventGenerator(new EventGenerator.Settings(1, 1, 1, 0, 7));
        String first = text(generator.second(SECOND, 1).session[0]);
        String sameSession = text(generator.second(SECOND + 1800, 1).session[0]);
        String next = text(generator.second(SECOND + 1800 + 1801, 1).session[0]);
        assertEquals("u1-s1", first);
        assertEquals(first, sameSession, "30 minutes idle is still the same session");
        assertEquals("u1-s2", next);
    }
}
