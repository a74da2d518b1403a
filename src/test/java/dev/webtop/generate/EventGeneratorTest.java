package dev.webtop.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.traffic.BatchRows;
import dev.webtop.traffic.LogBatch;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
    private static final long SECOND = 1_800_000_000L;

    private static String[] rows(long seed) {
        EventGenerator generator = new EventGenerator(new EventGenerator.Settings(20, 500, 30, 0.1, seed));
        LogBatch a = generator.second(SECOND, 3000);
        LogBatch b = generator.second(SECOND + 1, 3000);
        String[] rows = new String[6000];
        for (int i = 0; i < 3000; i++) {
            rows[i] = BatchRows.row(a, i);
            rows[3000 + i] = BatchRows.row(b, i);
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
            assertTrue(batch.time(i) > batch.time(i - 1));
        }
        assertTrue(batch.time(0) >= SECOND * 1_000_000 && batch.time(9999) < (SECOND + 1) * 1_000_000);
        assertEquals(500, batch.bots(), "5 % of 10,000, every bot event flagged by a rule");
    }

    @Test
    void aSessionEndsAfterThirtyMinutesWithoutAnEvent() {
        EventGenerator generator = new EventGenerator(new EventGenerator.Settings(1, 1, 1, 0, 7));
        String first = BatchRows.session(generator.second(SECOND, 1), 0);
        String sameSession = BatchRows.session(generator.second(SECOND + 1800, 1), 0);
        String next = BatchRows.session(generator.second(SECOND + 1800 + 1801, 1), 0);
        assertEquals("u1-s1", first);
        assertEquals(first, sameSession, "30 minutes idle is still the same session");
        assertEquals("u1-s2", next);
    }
}
