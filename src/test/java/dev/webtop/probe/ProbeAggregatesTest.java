package dev.webtop.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webtop.config.DbTarget;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Smart mode keeps fewer rows; the hourly and daily aggregates are the same either way. */
class ProbeAggregatesTest {
    private static DbTarget db;

    /**
     * Fifty checks a minute apart from 23:35, so they cross midnight: every 7th refused, times
     * varying. The same checks go to target "full" stored plainly and to "smart" in smart mode.
     */
    private static String checks(String target) {
        return "SELECT '2026-11-22 23:35:00+00'::timestamptz + g * INTERVAL '1 minute' AS time, 'lab' AS location, "
            + "'" + target + "' AS target, CASE WHEN g % 7 = 0 THEN 'connect_refused' ELSE 'ok' END AS outcome, "
            + "g % 7 <> 0 AS responsive, 10 + (g * 37) % 101 AS total_ms, 1 + g % 3 AS dns_ms, "
            + "CASE WHEN g % 7 = 0 THEN NULL ELSE 5 + g % 11 END AS ttfb_ms FROM generate_series(0, 49) g";
    }

    @BeforeAll
    static void store() {
        db = TestDatabase.withPipeline();
        ProbeRows.store(db, checks("full"));
        // smart mode gets them in three runs, as cron would deliver them
        ProbeRows.store(db, checks("smart") + " WHERE g < 10", true);
        ProbeRows.store(db, checks("smart") + " WHERE g >= 10 AND g < 30", true);
        ProbeRows.store(db, checks("smart") + " WHERE g >= 30", true);
    }

    @Test
    void smartModeKeepsARunOfOkChecksAsOneRowThatNeverCrossesMidnight() {
        assertEquals(50, Sql.number(db, "SELECT count(*) FROM probe_results WHERE target = 'full'"));
        // runs between refusals at g = 0, 7, 14, 21, 28, 35, 42, 49 and split at midnight (g = 25)
        assertEquals(List.of(
                List.of("23:35", "23:35", "1", "connect_refused"),
                List.of("23:36", "23:41", "6", "ok"),
                List.of("23:42", "23:42", "1", "connect_refused"),
                List.of("23:43", "23:48", "6", "ok"),
                List.of("23:49", "23:49", "1", "connect_refused"),
                List.of("23:50", "23:55", "6", "ok"),
                List.of("23:56", "23:56", "1", "connect_refused"),
                List.of("23:57", "23:59", "3", "ok"),
                List.of("00:00", "00:02", "3", "ok"),
                List.of("00:03", "00:03", "1", "connect_refused"),
                List.of("00:04", "00:09", "6", "ok"),
                List.of("00:10", "00:10", "1", "connect_refused"),
                List.of("00:11", "00:16", "6", "ok"),
                List.of("00:17", "00:17", "1", "connect_refused"),
                List.of("00:18", "00:23", "6", "ok"),
                List.of("00:24", "00:24", "1", "connect_refused")),
            Sql.rows(db, "SELECT to_char(time AT TIME ZONE 'UTC', 'HH24:MI'), "
                + "to_char(coalesce(last_time, time) AT TIME ZONE 'UTC', 'HH24:MI'), checks::text, outcome "
                + "FROM probe_results WHERE target = 'smart' ORDER BY time"));
    }

    @Test
    void theAggregatesCountEveryCheckWhateverTheRawRowsKept() {
        String columns = "checks, up, responsive, outcomes::text, total_p50, total_p95, total_p99, dns_p95, ttfb_p99, tls_p50";
        for (String view : List.of("probe_stats_1h ORDER BY bucket", "probe_stats_1d ORDER BY day")) {
            String[] parts = view.split(" ORDER BY ");
            List<List<String>> full = Sql.rows(db, "SELECT " + columns + " FROM " + parts[0]
                + " WHERE target = 'full' ORDER BY " + parts[1]);
            List<List<String>> smart = Sql.rows(db, "SELECT " + columns + " FROM " + parts[0]
                + " WHERE target = 'smart' ORDER BY " + parts[1]);
            assertEquals(full, smart, view);
            assertEquals(2, full.size(), view + ": one row before midnight, one after");
        }
        assertEquals(50, Sql.number(db, "SELECT sum(checks) FROM probe_stats_1d WHERE target = 'smart'"));
        assertEquals(42, Sql.number(db, "SELECT sum(up) FROM probe_stats_1d WHERE target = 'smart'"));
    }

    @Test
    void theHourlyPercentilesEqualDirectSqlOverTheRawChecks() {
        List<String> direct = Sql.rows(db, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total_ms)::text, "
            + "percentile_cont(0.99) WITHIN GROUP (ORDER BY total_ms)::text, "
            + "percentile_cont(0.95) WITHIN GROUP (ORDER BY ttfb_ms)::text, "
            + "(100.0 * count(*) FILTER (WHERE outcome = 'ok') / count(*))::numeric(7,3)::text "
            + "FROM probe_results WHERE target = 'full' AND time < '2026-11-23 00:00:00+00'").get(0);
        List<String> hourly = Sql.rows(db, "SELECT total_p50::text, total_p99::text, ttfb_p95::text, uptime_percent::text "
            + "FROM probe_stats_1h WHERE target = 'full' ORDER BY bucket LIMIT 1").get(0);
        assertEquals(direct, hourly);
    }
}
