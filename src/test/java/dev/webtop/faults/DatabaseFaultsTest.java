package dev.webtop.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.config.WebtopConfig;
import dev.webtop.db.Database;
import dev.webtop.runtime.Runtimes;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.KafkaBroker;
import dev.webtop.support.PageViewLoad;
import dev.webtop.support.Sql;
import dev.webtop.support.TestPaths;
import dev.webtop.support.WebtopProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime's database taken away the hard way, on a cluster of its own: what was
 * committed stays, what was reported committed is what the table holds, a job killed half way
 * leaves nothing half-written, a follower waits the outage out, and the next start recovers.
 * Also two starts at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultsTest {
    private static final int PORT = 25496;
    private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static Path home;
    private static Map<String, String> env;
    private static Cli cli;
    @TempDir
    static Path outputs;

    @BeforeAll
    static void freshHome() {
        home = TestPaths.testHome("faults-" + UUID.randomUUID().toString().substring(0, 8));
        env = Map.of("WEBTOP_HOME", home.toString(), "WEBTOP_ROOTFS", TestPaths.sharedRootfs().toString(),
            "WEBTOP_LOCAL_PORT", String.valueOf(PORT), "WEBTOP_RUNTIME", "local");
        cli = Cli.isolated();
        env.forEach(cli::env);
    }

    @AfterAll
    static void removeCluster() throws Exception {
        cli.run("stop");
        if (Files.exists(home.resolve("cluster"))) {
            new ProcessBuilder("rm", "-rf", home.resolve("cluster").toRealPath().toString()).start().waitFor();
        }
        new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor();
    }

    private static DbTarget db() {
        return Runtimes.select(WebtopConfig.resolve(cli.environment(), null, null)).target();
    }

    @Test
    @Order(1)
    void twoStartsAtOnceMakeOneClusterWithItsDataAndJobsOnce() {
        WebtopProcess first = WebtopProcess.start(outputs, "start-1", env, "start");
        WebtopProcess second = WebtopProcess.start(outputs, "start-2", env, "start");
        Run one = first.await(600);
        Run two = second.await(600);
        assertEquals(0, one.exitCode(), one.toString());
        assertEquals(0, two.exitCode(), two.toString());
        assertEquals(1, (one.out() + two.out()).split("Creating the cluster", -1).length - 1, one + "\n" + two);
        assertEquals(30_000, Sql.number(db(), "SELECT count(*) FROM logs"), "the initial data once");
        assertEquals(Sql.number(db(), "SELECT count(DISTINCT name) FROM webtop_jobs"),
            Sql.number(db(), "SELECT count(*) FROM webtop_jobs"), "a job scheduled twice");
    }

    @Test
    @Order(2)
    void aKilledServerKeepsWhatGenerateReportedCommittedAndTheNextStartRecovers() throws Exception {
        long before = Sql.number(db(), "SELECT count(*) FROM logs");
        WebtopProcess generate = WebtopProcess.start(outputs, "generate", env,
            "generate", "--rate", "20000", "--duration", "120s");
        Await.until("rows arrive", Duration.ofSeconds(60),
            () -> Sql.number(db(), "SELECT count(*) FROM logs") > before + 20_000);
        killPostmaster();

        Run run = generate.await(60);
        assertEquals(3, run.exitCode(), run.toString());
        long reported = Long.parseLong(run.err().replaceAll("(?s).*webtop: (\\d+) rows were committed before this.*", "$1"));
        assertTrue(reported > 20_000, run.err());
        assertTrue(Files.exists(home.resolve("cluster/data/postmaster.pid")), "the killed server left its postmaster.pid");

        startAgain();
        assertEquals(before + reported, Sql.number(db(), "SELECT count(*) FROM logs"), "committed = reported");
        // every committed batch was counted in its own transaction: nothing to catch up
        assertAggregatesCountEveryRawRow();
    }

    @Test
    @Order(3)
    void aCrashNeverBlocksTheNextStartEvenWhenABackendOutlivesItsPostmaster() throws Exception {
        // pattern jobs and pg_cron run (start scheduled them), a generate writes, and one backend is
        // busy computing: it notices nothing until it finishes, holding the old shared memory
        Sql.execute(db(), "SELECT webtop_schedule_pattern(INTERVAL '1 second', '{\"domain\": \"crash.example\", \"amount\": 50}')");
        WebtopProcess generate = WebtopProcess.start(outputs, "generate-crash", env,
            "generate", "--rate", "5000", "--duration", "120s");
        Connection busy = Database.connect(db());
        String pid = single(busy, "SELECT pg_backend_pid()");
        CompletableFuture<Void> computing = CompletableFuture.runAsync(() -> {
            try (Statement s = busy.createStatement()) {
                s.execute("SELECT count(*) FROM generate_series(1, 5000000000)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("rows arrive and the backend computes", Duration.ofSeconds(60), () ->
            Sql.number(db(), "SELECT count(*) FROM logs WHERE domain = 'crash.example'") > 0
                && Sql.number(db(), "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid = " + pid) == 1);
        killPostmaster();
        assertTrue(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
            "the busy backend outlived its postmaster");

        startAgain();   // at once
        assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
            "the leftover backend was stopped");
        assertEquals(3, generate.await(60).exitCode(), "generate lost its database");
        assertThrows(ExecutionException.class, () -> computing.get(30, TimeUnit.SECONDS));
        closeQuietly(busy);
        Sql.execute(db(), "SELECT webtop_unschedule_job(name) FROM webtop_jobs WHERE kind = 'pattern'");
    }

    @Test
    @Order(4)
    void aFollowingIngestWaitsOutAKilledServerAndStoresEveryLineOnce() throws Exception {
        Path log = outputs.resolve("access.log");
        Files.createFile(log);
        WebtopProcess follow = WebtopProcess.start(outputs, "follow", env, "ingest", "access-log", "--follow",
            "--domain", "follow.example", "--batch-size", "50", "--reporting-period", "1h", log.toString());
        String rows = "SELECT count(*) FROM logs WHERE domain = 'follow.example'";
        appendLines(log, 0, 300);
        Await.until("the follower stores the first lines", Duration.ofSeconds(30), () -> Sql.number(db(), rows) == 300);

        killPostmaster();
        appendLines(log, 300, 500);   // logged while the database is down
        Await.until("the follower notices", Duration.ofSeconds(30), () -> follow.errSoFar().contains("retrying"));
        startAgain();
        appendLines(log, 500, 700);
        Await.until("every line stored", Duration.ofSeconds(30), () -> Sql.number(db(), rows) >= 700);
        Thread.sleep(1500);   // a batch written twice would show by now

        follow.terminate();
        Run run = follow.await(30);
        assertEquals(128 + 15, run.exitCode(), "stopped by SIGTERM, after its summary: " + run);
        assertTrue(run.out().startsWith("700 lines read, 700 rows stored"), run.out());
        assertTrue(run.err().contains("the database is back"), run.err());
        assertEquals(List.of(List.of("700", "700")), Sql.rows(db(),
            "SELECT count(*), count(DISTINCT path) FROM logs WHERE domain = 'follow.example'"), "each line once");
        assertEquals("700", Sql.value(db(), "SELECT lines FROM ingest_checkpoints WHERE source = '" + log + "'"));
        assertAggregatesCountEveryRawRow();
    }

    @Test
    @Order(5)
    void aRecountKilledHalfWayLeavesNothingOfItAndTheNextOneCatchesUp() throws Exception {
        // rows another program wrote 15 minutes back: the levels count them only when asked to
        Sql.execute(db(), "INSERT INTO logs (time, domain) SELECT now() - interval '15 minutes', 'by-hand.example' "
            + "FROM generate_series(1, 40)");
        String counted = "SELECT coalesce(sum(hits), 0) FROM domain_stats_1m WHERE domain = 'by-hand.example'";
        killedWhileBlocked("CALL webtop_refresh_aggregates()", "domain_stats_10m_rollup", () -> {
            // the 1-minute level is counted, uncommitted; the 10-minute one waits for the lock
            return () -> assertEquals("0", Sql.value(db(), counted), "the killed recount left nothing");
        });
        Sql.execute(db(), "CALL webtop_refresh_aggregates()");
        assertEquals("40", Sql.value(db(), counted));
        assertAggregatesCountEveryRawRow();
    }

    @Test
    @Order(6)
    void anElectionKilledHalfWayIsNotStoredAndTheNextOneIsWhole() throws Exception {
        assertTrue(Sql.number(db(), "SELECT populate_website_candidates()") > 0, "candidates to elect from");
        String unfinished = "SELECT count(*) FROM elections e WHERE (SELECT count(*) FROM election_results r "
            + "WHERE r.election_id = e.id) <> least(e.candidates, webtop_setting('election.top_n')::integer)";
        killedWhileBlocked("CALL webtop_run_job('webtop-election')", "website_stats", () -> {
            // election and results are written, uncommitted; the long-term figures wait for the lock
            long elections = Sql.number(db(), "SELECT count(*) FROM elections");
            return () -> assertEquals(elections, Sql.number(db(), "SELECT count(*) FROM elections"));
        });
        assertEquals(0, Sql.number(db(), unfinished), "an election without all its results");
        long next = Sql.number(db(), "SELECT elect_top_websites()");
        assertEquals(next, Sql.number(db(), "SELECT max(id) FROM elections"));
        assertEquals(0, Sql.number(db(), unfinished));
        assertTrue(Sql.number(db(), "SELECT count(*) FROM election_results WHERE election_id = " + next) > 0);
    }

    @Test
    @Order(7)
    void aServiceWhoseDatabaseIsKilledUnderLoadStoresExactlyWhatItAnswered201() throws Exception {
        WebtopProcess serve = WebtopProcess.start(outputs, "serve", env, "serve", "--listen", "127.0.0.1:0");
        Await.until("serve listening", Duration.ofSeconds(60), () -> serve.errSoFar().contains("serving on"));
        int port = Integer.parseInt(serve.errSoFar().replaceAll("(?s).*serving on http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
        String rows = "SELECT count(*) FROM logs WHERE domain = 'killed.example.com'";
        long answered201;
        try (PageViewLoad load = new PageViewLoad(port, 8, "killed.example.com")) {
            Await.until("page views stored", Duration.ofSeconds(30), () -> load.stored() > 3000);
            killPostmaster();   // its backends may go on a while; the next start ends them
            Thread.sleep(1000);
            startAgain();
            long storedAfterRestart = load.stored();
            Await.until("the service stores again", Duration.ofSeconds(60), () -> load.stored() > storedAfterRestart + 1000);
            load.close();
            answered201 = load.stored();
        } catch (AssertionError | RuntimeException e) {
            serve.kill();
            throw e;
        }
        serve.terminate();
        Run run = serve.await(30);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("the database is back"), run.err());
        assertEquals(answered201, Sql.number(db(), rows), "every 201 is a row, and every row had its 201");
        assertTrue(run.err().strip().endsWith("since start " + String.format(Locale.ROOT, "%,d", answered201)
            + " events stored"), run.err());
    }

    @Test
    @Order(8)
    void aRecorderWhoseDatabaseIsKilledPausesAndResumesAndStoresEveryMessageOnce() throws Exception {
        KafkaBroker.Topics topics = KafkaBroker.topics(outputs, "max.poll.records=2000");
        Run published = Cli.isolated().run("generate", "--rate", "max", "--count", "100000", "--seed", "8",
            "--kafka", KafkaBroker.brokers(), "--kafka-config", topics.config().toString());
        assertEquals(0, published.exitCode(), published.toString());
        long before = Sql.number(db(), "SELECT count(*) FROM logs");
        WebtopProcess record = WebtopProcess.start(outputs, "record", env, "record", "--kafka", KafkaBroker.brokers(),
            "--kafka-config", topics.config().toString());
        try {
            Await.until("the recorder stores some", Duration.ofSeconds(60),
                () -> Sql.number(db(), "SELECT count(*) FROM logs") > before + 10_000);
            killPostmaster();
            Await.until("the recorder pauses", Duration.ofSeconds(30), () -> record.errSoFar().contains("pausing the partitions"));
            startAgain();
            Await.until("every message stored", Duration.ofSeconds(120),
                () -> Sql.number(db(), "SELECT count(*) FROM logs") >= before + 100_000);
            Thread.sleep(1500);   // a batch stored twice would show by now
        } catch (AssertionError | RuntimeException e) {
            record.kill();
            throw e;
        }
        record.terminate();
        Run run = record.await(30);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("the database is back; recording from the stored offsets"), run.err());
        assertEquals(before + 100_000, Sql.number(db(), "SELECT count(*) FROM logs"));
        assertAggregatesCountEveryRawRow();
    }

    /**
     * Runs `statement` until it waits for a lock held on `table` by another session (so it is half
     * way through its work, nothing of it committed), kills the server there and starts it again.
     * `observe` runs while it waits and returns what to check after the restart.
     */
    private static void killedWhileBlocked(String statement, String table, Supplier<Runnable> observe)
        throws Exception {
        Connection holder = Database.connect(db());
        Connection worker = Database.connect(db());
        try {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            String pid = single(worker, "SELECT pg_backend_pid()");
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try (Statement s = worker.createStatement()) {
                    s.execute(statement);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(statement + " waits for the lock on " + table, Duration.ofSeconds(30), () -> Sql.number(db(),
                "SELECT count(*) FROM pg_locks WHERE pid = " + pid + " AND NOT granted AND relation = '" + table + "'::regclass") == 1);
            Runnable check = observe.get();
            killPostmaster();
            assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS), "the statement died with the server");
            startAgain();
            check.run();
        } finally {
            closeQuietly(holder);
            closeQuietly(worker);
        }
    }

    /** The last 30 minutes (whole 10-minute buckets) of both minute levels against the raw rows. */
    private static void assertAggregatesCountEveryRawRow() {
        String since = "time_bucket('10 minutes', now() - interval '30 minutes')";
        List<String> counts = Sql.rows(db(), "SELECT (SELECT count(*) FROM logs WHERE time >= " + since + "), "
            + "(SELECT sum(hits) FROM domain_stats_1m WHERE bucket >= " + since + "), "
            + "(SELECT sum(hits) FROM domain_stats_10m WHERE bucket >= " + since + ")").get(0);
        assertTrue(Long.parseLong(counts.get(0)) > 0);
        assertEquals(List.of(counts.get(0), counts.get(0)), counts.subList(1, 3), "raw, 1 minute, 10 minutes: " + counts);
    }

    /** kill -9 of the postmaster, returning once it is dead (or a zombie), as a shell's kill -9 and wait would. */
    private static void killPostmaster() throws Exception {
        Path pidFile = home.resolve("cluster/data/postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
        Path stat = Path.of("/proc", Long.toString(postmaster), "stat");
        Await.until("the killed postmaster is gone", Duration.ofSeconds(30), () -> {
            try {
                String line = Files.readString(stat);
                char state = line.charAt(line.lastIndexOf(')') + 2);
                return state == 'Z' || state == 'X';
            } catch (IOException e) {
                return true;   // reaped
            }
        });
    }

    private static void startAgain() {
        Run start = cli.run("start");
        assertEquals(0, start.exitCode(), start.toString());
    }

    /** Lines of the combined format at the current time, each with a path of its own. */
    private static void appendLines(Path log, int from, int to) throws Exception {
        String time = APACHE.format(ZonedDateTime.now(ZoneOffset.UTC));
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++) {
            lines.append("203.0.113.7 - - [").append(time).append("] \"GET /page/").append(i)
                .append(" HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\"\n");
        }
        Files.writeString(log, lines, StandardOpenOption.APPEND);
    }

    private static String single(Connection connection, String query) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // the server that held it is gone
        }
    }
}
