package dev.webtop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.traffic.BatchRows;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.Source;
import dev.webtop.traffic.TrafficWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The three aggregate levels against counts computed straight from the raw rows. */
class AggregatesTest {
    private static final String COLUMNS = "hits, bot_hits, errors_4xx, errors_5xx, bytes, "
        + "response_ms_sum, response_ms_count, response_ms_max";

    /** Known rows: per domain, a pattern of statuses, bytes and bots over the last 2 hours. */
    private static void insertKnownRows(DbTarget db, String timeExpression, int count) {
        Sql.execute(db, "INSERT INTO logs (time, domain, path, status, bytes, response_ms, is_bot) "
            + "SELECT " + timeExpression + ", d.domain, '/', "
            + "  CASE WHEN g % 10 = 0 THEN 404 WHEN g % 17 = 0 THEN 503 ELSE 200 END, g * 10, "
            + "  CASE WHEN g % 3 = 0 THEN NULL ELSE g % 250 END, g % 7 = 0 "
            + "FROM generate_series(1, " + count + ") g, "
            + "(VALUES ('a.example'), ('b.example'), ('c.example')) d (domain) "
            + "WHERE d.domain <> 'c.example' OR g % 2 = 0");
    }

    private static String raw(String bucket) {
        return "SELECT time_bucket('" + bucket + "', time) AS bucket, domain, count(*), "
            + "count(*) FILTER (WHERE is_bot), count(*) FILTER (WHERE status BETWEEN 400 AND 499), "
            + "count(*) FILTER (WHERE status >= 500), coalesce(sum(bytes), 0), "
            + "coalesce(sum(response_ms), 0), count(response_ms), max(response_ms) "
            + "FROM logs GROUP BY 1, 2 ORDER BY 1, 2";
    }

    private static void assertLevelsMatchRawRows(DbTarget db) {
        for (String[] level : new String[][] {{"domain_stats_1m", "1 minute"},
            {"domain_stats_10m", "10 minutes"}, {"domain_stats_1d", "1 day"}}) {
            List<List<String>> expected = Sql.rows(db, raw(level[1]));
            List<List<String>> actual = Sql.rows(db,
                "SELECT bucket, domain, " + COLUMNS + " FROM " + level[0] + " ORDER BY 1, 2");
            assertFalse(expected.isEmpty());
            assertEquals(expected, actual, level[0]);
        }
    }

    @Test
    void rowsOtherProgramsWroteAreCountedByARefreshIncludingTheNewestMinute() {
        DbTarget db = TestDatabase.withPipeline();
        insertKnownRows(db, "now() - INTERVAL '3 minutes' - g * INTERVAL '2 seconds'", 3600);
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        assertLevelsMatchRawRows(db);

        insertKnownRows(db, "now() - (g % 50) * INTERVAL '1 millisecond'", 300);
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        assertLevelsMatchRawRows(db);
        assertEquals(Sql.value(db, "SELECT count(*) FROM logs"),
            Sql.value(db, "SELECT sum(hits) FROM domain_stats_1d"));
    }

    @Test
    void rowsOlderThanTheLastRefreshAreCountedOnceTheirRangeIsAggregated() {
        DbTarget db = TestDatabase.withPipeline();
        insertKnownRows(db, "now() - INTERVAL '1 minute' - g * INTERVAL '1 second'", 600);
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        insertKnownRows(db, "now() - INTERVAL '40 minutes' - g * INTERVAL '1 second'", 600);
        Sql.execute(db, "CALL webtop_aggregate_range(now() - INTERVAL '51 minutes', now())");
        assertLevelsMatchRawRows(db);
    }

    @Test
    void initialDataIsCountedAtOnceAndARefreshChangesNothing() {
        DbTarget db = TestDatabase.withPipeline();
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        Sql.execute(db, "SELECT webtop_generate_initial_data(3000)");
        assertEquals("3000", Sql.value(db, "SELECT sum(hits) FROM domain_stats_1m"));
        assertLevelsMatchRawRows(db);
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        assertLevelsMatchRawRows(db);
    }

    /**
     * Rows through webtop's write path, `count` of them `ago` before now and one second apart,
     * over two domains with 404s, 503s, bytes, response times and crawlers.
     */
    private static void writeRows(DbTarget db, Duration ago, int count) {
        LogBatch batch = new LogBatch(Source.ACCESS_LOG, count);
        long start = Instant.now().minus(ago).toEpochMilli() * 1000;
        for (int g = 1; g <= count; g++) {
            int row = batch.add(start - g * 1_000_000L, LogBatch.utf8(g % 3 == 0 ? "b.example" : "a.example"), LogBatch.utf8("/"));
            batch.response(row, (short) (g % 10 == 0 ? 404 : g % 17 == 0 ? 503 : 200), g * 10L, g % 4 == 0 ? -1 : g % 250);
            if (g % 7 == 0) {
                BatchRows.flagCrawler(batch, row);
            }
        }
        try (TrafficWriter writer = new TrafficWriter(db)) {
            writer.write(LogSlice.all(batch));
        }
    }

    @Test
    void everyRowAWriterCommitsIsInEveryLevelWhenItReturnsWhateverItsTime() {
        DbTarget db = TestDatabase.withPipeline();
        writeRows(db, Duration.ofMinutes(45), 1800);
        Sql.execute(db, "CALL webtop_refresh_aggregates()");   // the levels have moved past all of it
        assertLevelsMatchRawRows(db);

        writeRows(db, Duration.ofMinutes(1), 2400);            // late lines over the last 40 minutes
        assertLevelsMatchRawRows(db);
        writeRows(db, Duration.ofDays(8), 900);                // a batch from last week
        assertLevelsMatchRawRows(db);
        writeRows(db, Duration.ZERO, 50);                      // and the minute still filling up
        assertLevelsMatchRawRows(db);
    }

    @Test
    void writersCatchingUpOnLateRowsAtTheSameTimeAllSucceed() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        writeRows(db, Duration.ofMinutes(45), 600);
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        // on the community edition each late batch makes its writer refresh the levels, and
        // TimescaleDB refuses two refreshes of one aggregate at once
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            writers.add(CompletableFuture.runAsync(() -> {
                for (int batch = 0; batch < 8; batch++) {
                    writeRows(db, Duration.ofMinutes(5), 60);
                }
            }));
        }
        for (CompletableFuture<Void> writer : writers) {
            writer.get(120, TimeUnit.SECONDS);
        }
        assertLevelsMatchRawRows(db);
    }

    @Test
    void aPatternJobsRowsSpreadOverItsIntervalAreCountedInTheLastCompleteMinute() {
        DbTarget db = TestDatabase.withPipeline();
        Sql.execute(db, "SELECT webtop_insert_generated('pattern.example', 500, INTERVAL '3 minutes', now() - INTERVAL '2 minutes')");
        Sql.execute(db, "CALL webtop_refresh_aggregates()");   // as far as a running pipeline's jobs go
        Sql.execute(db, "SELECT webtop_insert_generated('pattern.example', 1806, INTERVAL '1 minute')");
        String lastMinute = "time_bucket('1 minute', now()) - INTERVAL '1 minute'";
        assertEquals(Sql.value(db, "SELECT count(*) FROM logs WHERE time_bucket('1 minute', time) = " + lastMinute),
            Sql.value(db, "SELECT hits FROM domain_stats_1m WHERE bucket = " + lastMinute));
        assertLevelsMatchRawRows(db);
    }

    @Test
    void aSecondRefreshChangesNothing() {
        DbTarget db = TestDatabase.withPipeline();
        insertKnownRows(db, "now() - INTERVAL '2 minutes' - g * INTERVAL '1 second'", 1200);
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        List<List<String>> once = Sql.rows(db, "SELECT * FROM domain_stats_10m ORDER BY 1, 2");
        Sql.execute(db, "CALL webtop_refresh_aggregates()");
        assertEquals(once, Sql.rows(db, "SELECT * FROM domain_stats_10m ORDER BY 1, 2"));
    }
}
