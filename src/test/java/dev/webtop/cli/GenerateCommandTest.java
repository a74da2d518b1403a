package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Await;
import dev.webtop.support.BadPageViewBatches;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `webtop generate`: exact counts, the same seed the same rows, batches, and committed = reported. */
class GenerateCommandTest {
    private DbTarget db;

    @BeforeEach
    void database() {
        db = TestDatabase.withPipeline();
    }

    private Run generate(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--db-url";
        all[args.length + 2] = TestDatabase.url(db);
        return Cli.isolated().run(all);
    }

    private long rows() {
        return Sql.number(db, "SELECT count(*) FROM logs");
    }

    @Test
    void countWritesExactlyThatManyRowsAndCountsTheirPageViewsPerHour() throws Exception {
        Run run = generate("--rate", "max", "--count", "25000", "--seed", "5", "--bots", "0.04", "--batch-size", "3000",
            "--json");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode summary = new ObjectMapper().readTree(run.out());
        assertEquals(25_000, summary.get("rows").asLong());
        assertEquals(25_000, rows());
        assertEquals(1000, summary.get("bots").asLong());
        assertEquals(1000, Sql.number(db, "SELECT count(*) FROM logs WHERE is_bot"));
        assertEquals(Sql.number(db, "SELECT count(DISTINCT domain) FROM logs"),
            Sql.number(db, "SELECT count(*) FROM domain_sources WHERE source = 'generated'"));
        assertEquals(Sql.rows(db, "SELECT domain, path, time_bucket('1 hour', time)::text, "
                + "count(*) FILTER (WHERE NOT is_bot)::text, count(*) FILTER (WHERE is_bot)::text FROM logs "
                + "WHERE event_type = 'page_view' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"),
            Sql.rows(db, "SELECT domain, path, bucket::text, views::text, bot_views::text FROM page_hourly ORDER BY 1, 2, 3"));
    }

    @Test
    void theSameSeedWritesTheSameEvents() {
        String columns = "SELECT domain, path, user_id, session_id, event_type, status, bytes, response_ms, "
            + "bot_rule, extract(microseconds FROM time)::bigint % 1000000 FROM logs ORDER BY time";
        assertEquals(0, generate("--rate", "max", "--count", "3000", "--seed", "99").exitCode());
        List<List<String>> first = Sql.rows(db, columns);
        Sql.execute(db, "TRUNCATE logs");
        assertEquals(0, generate("--rate", "max", "--count", "3000", "--seed", "99").exitCode());
        assertEquals(first, Sql.rows(db, columns));
    }

    @Test
    void aPacedRunHoldsItsRate() {
        Run run = generate("--rate", "400", "--duration", "3s", "--seed", "1");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1200, rows());
        double rate = Double.parseDouble(run.out().replaceAll("(?s).*: ([0-9,.]+) rows/s.*", "$1").replace(",", ""));
        assertTrue(Math.abs(rate - 400) / 400 < 0.02, run.out());
    }

    @Test
    void backfillWritesADayOfHistoryWithADailyShapeThatOutlivesTheRawRows() {
        Sql.execute(db, "CALL webtop_refresh_aggregates()");   // a running pipeline's materialised levels
        Run run = generate("--from", "2026-11-01", "--to", "2026-11-02", "--rate", "2", "--seed", "4", "--bots", "0");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(2 * 86_400, rows(), "a whole day of the curve is its average rate exactly");
        assertTrue(run.err().contains("webtop: retention keeps of rows from 2026-11-01 00:00Z to 2026-11-01 23:59Z: "
            + "raw rows none (retention.raw 1 hour)"), "said before writing: " + run.err());
        assertTrue(run.out().contains("retention keeps of rows from 2026-11-01 00:00Z"), run.out());
        long quiet = Sql.number(db, "SELECT count(*) FROM logs WHERE time >= '2026-11-01 03:00+00' AND time < '2026-11-01 04:00+00'");
        long busy = Sql.number(db, "SELECT count(*) FROM logs WHERE time >= '2026-11-01 15:00+00' AND time < '2026-11-01 16:00+00'");
        assertTrue(busy > 3.5 * quiet, busy + " at 15:00 against " + quiet + " at 03:00");
        long pageViews = Sql.number(db, "SELECT count(*) FROM logs WHERE event_type = 'page_view'");
        // retention drops the raw rows; the aggregates and page_hourly keep the day
        Sql.execute(db, "SELECT drop_chunks('logs', older_than => '2026-11-03'::timestamptz)");
        assertEquals(0, rows());
        assertEquals(2 * 86_400, Sql.number(db, "SELECT sum(hits) FROM domain_stats_1d WHERE bucket = '2026-11-01 00:00+00'"));
        assertEquals(busy, Sql.number(db, "SELECT sum(hits) FROM domain_stats_10m "
            + "WHERE bucket >= '2026-11-01 15:00+00' AND bucket < '2026-11-01 16:00+00'"));
        assertEquals(pageViews, Sql.number(db, "SELECT sum(views) FROM page_hourly"));
    }

    @Test
    void aBatchFileWritesExactlyItsViewsInOneGo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("views.json");
        Files.writeString(file, """
            {"example.com/page1": {"2025-07-16T10:00:00Z": 5, "2025-07-16T11:00:00Z": 3},
             "example.com/page2": {"2025-07-16T10:00:00+02:00": 2},
             "shop.example": {"2025-07-16T10:30:00Z": 0}}
            """);
        Run run = generate("--from-json", file.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(List.of("example.com", "/page1", "2025-07-16 10:00:00+00", "5"),
                List.of("example.com", "/page1", "2025-07-16 11:00:00+00", "3"),
                List.of("example.com", "/page2", "2025-07-16 08:00:00+00", "2")),
            Sql.rows(db, "SELECT domain, path, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00', "
                + "count(*)::text FROM logs GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
        assertEquals(10, Sql.number(db, "SELECT sum(views) FROM page_hourly"));
        assertEquals(10, Sql.number(db, "SELECT count(*) FROM logs WHERE source = 'client'"));
    }

    @Test
    void aBadBatchFileNamesWhatIsWrongAndWritesNothing(@TempDir Path dir) throws IOException {
        for (String[] c : BadPageViewBatches.CASES) {
            Path file = dir.resolve("bad.json");
            Files.writeString(file, c[0]);
            Run run = generate("--from-json", file.toString());
            assertEquals(2, run.exitCode(), c[0] + "\n" + run);
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains(c[1]) && run.err().contains("bad.json"), run.err());
        }
        assertEquals(2, generate("--from-json", dir.resolve("missing.json").toString()).exitCode());
        assertEquals(0, rows());
    }

    @Test
    void badOptionsAreRefusedWithOneLine() {
        String[][] cases = {{"--rate", "fast"}, {"--rate", "max"}, {"--preset", "huge"}, {"--bots", "1.5"},
            {"--rate", "10", "--preset", "low"}, {"--duration", "0s"}, {"--workers", "0"},
            {"--pattern", "spiky"}, {"--growth-rate", "5"}, {"--to", "2026-11-02"},
            {"--from", "2026-11-02", "--to", "2026-11-01"}, {"--from", "yesterday"}, {"--from", "2026-11-01", "--count", "5"}};
        for (String[] c : cases) {
            Run run = generate(c);
            assertEquals(2, run.exitCode(), String.join(" ", c) + "\n" + run);
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
        assertEquals(0, rows());
    }

    @Test
    void aDatabaseThatGoesAwayEndsTheRunWithExit3AndTheReportedCountIsWhatIsStored() throws Exception {
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> generate("--rate", "2000", "--duration", "60s"));
        Await.until("rows arrive", Duration.ofSeconds(20), () -> rows() > 1000);
        Sql.execute(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY logs%'");
        Sql.execute(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE '%webtop%'");
        Run run = running.get(30, TimeUnit.SECONDS);
        assertEquals(3, run.exitCode(), run.toString());
        long reported = Long.parseLong(run.err().replaceAll("(?s).*webtop: (\\d+) rows were committed before this.*", "$1"));
        assertEquals(rows(), reported, run.err());
    }

    @Test
    void aTerminatedRunCommitsWhatItWasWritingAndReportsExactly(@TempDir Path dir) throws Exception {
        WebtopProcess generate = WebtopProcess.start(dir, "generate", Map.of(),
            "generate", "--rate", "3000", "--json", "--db-url", TestDatabase.url(db));
        Await.until("rows arrive", Duration.ofSeconds(30), () -> rows() > 3000);
        generate.terminate();   // SIGTERM, as Ctrl-C or a service manager stops it
        String out = generate.await(30).out();
        JsonNode summary = new ObjectMapper().readTree(out);
        assertTrue(summary.get("stopped").asBoolean(), out);
        assertEquals(rows(), summary.get("rows").asLong(), out);
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM ingest_checkpoints"), "the run's batch tags are gone with it");
    }
}
