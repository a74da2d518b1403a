package dev.webtop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Retention after an import of history: a month of raw rows is a chunk per 20 minutes, more than
 * one transaction can lock. webtop_drop_old_chunks drops them a bounded number at a time, oldest
 * first, instead of failing with "out of shared memory"; the Apache edition's retention job runs
 * it (the community edition's retention policies are TimescaleDB's own, so there the function is
 * called as it is).
 */
class RetentionTest {
    @Test
    void aMonthOfImportedRawChunksIsDroppedOverRunsThatAllSucceed() {
        DbTarget db = TestDatabase.withPipeline();
        String dropRun = TestDatabase.edition(db).equals("apache") ? "CALL webtop_retention_job(0, '{}')"
            : "SELECT webtop_drop_old_chunks('logs', webtop_setting('retention.raw')::interval, 250)";
        // one row in each 20-minute chunk of the 31 days before the last 2 hours: 2,232 chunks
        Sql.execute(db, "INSERT INTO logs (time, domain) SELECT now() - INTERVAL '2 hours' - g * INTERVAL '20 minutes', "
            + "'history.example' FROM generate_series(1, 2232) g");
        long chunks = Sql.number(db, "SELECT count(*) FROM show_chunks('logs')");
        assertEquals(2232, chunks, "a chunk per 20 minutes");
        while (chunks > 0) {
            Sql.execute(db, dropRun);   // fails with "out of shared memory" if unbounded
            long left = Sql.number(db, "SELECT count(*) FROM show_chunks('logs')");
            assertTrue(chunks - left > 0 && chunks - left <= 250, (chunks - left) + " chunks dropped in one run");
            chunks = left;
        }
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"));
    }
}
