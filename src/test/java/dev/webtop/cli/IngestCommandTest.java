package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.base.Json;
import dev.webtop.config.DbTarget;
import dev.webtop.ingest.AccessLogFormat;
import dev.webtop.ingest.AccessLogIngest;
import dev.webtop.ingest.AccessLogOptions;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Nginx;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `webtop ingest access-log` on a real nginx's log, through rotation, restarts and bad lines. */
class IngestCommandTest {
    private DbTarget db;

    @BeforeEach
    void database() {
        db = TestDatabase.withPipeline();
    }

    private Run ingest(String... args) {
        List<String> all = new ArrayList<>(List.of("ingest", "access-log"));
        all.addAll(List.of(args));
        all.add("--db-url");
        all.add(TestDatabase.url(db));
        return Cli.isolated().run(all.toArray(String[]::new));
    }

    private List<List<String>> perPath() {
        return Sql.rows(db, "SELECT path, count(*)::text FROM logs WHERE source = 'access_log' GROUP BY path ORDER BY path");
    }

    /** The NOW column of `monitor --json` for a domain: its hits committed in the minute under way. */
    private long monitorHitsNow(String domain) {
        Run monitor = Cli.isolated().run("monitor", "--json", "--db-url", TestDatabase.url(db));
        assertEquals(0, monitor.exitCode(), monitor.toString());
        try {
            for (JsonNode row : Json.read(monitor.out(), JsonNode.class).get("domains")) {
                if (row.get("domain").asText().equals(domain)) {
                    return row.get("hits_now").asLong();
                }
            }
        } catch (IOException e) {
            throw new AssertionError(monitor.out(), e);
        }
        return 0;
    }

    private static void request(Nginx nginx, String path, int times) {
        for (int i = 0; i < times; i++) {
            nginx.status(path);
        }
    }

    @Test
    void nginxsOwnLogGivesExactlyTheRequestsMadePerPath(@TempDir Path dir) {
        try (Nginx nginx = new Nginx(dir)) {
            request(nginx, "/index.html", 5);
            request(nginx, "/about.html", 3);
            request(nginx, "/missing", 2);
            request(nginx, "/style.css", 1);
            Await.until("nginx logged 11 requests", Duration.ofSeconds(5), () -> lines(nginx.accessLog()) == 11);
            Run run = ingest(nginx.accessLog().toString(), "--domain", "site.example");
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(List.of(List.of("/about.html", "3"), List.of("/index.html", "5"), List.of("/missing", "2"),
                List.of("/style.css", "1")), perPath());
            assertEquals(List.of(List.of("asset", "1"), List.of("error", "2"), List.of("page_view", "8")),
                Sql.rows(db, "SELECT event_type, count(*)::text FROM logs GROUP BY 1 ORDER BY 1"));
            assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs WHERE client_ip IS NOT NULL"), "no address without --keep-ip");
            assertEquals("site.example", Sql.value(db, "SELECT domain FROM domain_sources WHERE source = 'access_log'"));
            // the report counts what the log holds
            Run top = Cli.isolated().run("report", "top", "--since", "1h", "--json", "--db-url", TestDatabase.url(db));
            assertTrue(top.out().contains("\"name\":\"site.example/index.html\",\"views\":5"), top.out());
            // a second run finds nothing new
            assertEquals(0, ingest(nginx.accessLog().toString(), "--domain", "site.example").exitCode());
            assertEquals(11, Sql.number(db, "SELECT count(*) FROM logs"));
        }
    }

    @Test
    void followingSurvivesRenameAndCopyTruncateRotationLosingAndDuplicatingNothing(@TempDir Path dir) throws Exception {
        try (Nginx nginx = new Nginx(dir)) {
            AccessLogIngest follower = new AccessLogIngest(db, new AccessLogOptions(AccessLogFormat.of("combined"),
                "site.example", false, true, false, null, 1000, 0.1), notice -> { });
            CompletableFuture<AccessLogIngest.Summary> running =
                CompletableFuture.supplyAsync(() -> follower.run(List.of(nginx.accessLog())));
            request(nginx, "/index.html", 1);
            Await.until("the follower is up", Duration.ofSeconds(30), () -> follower.stored() == 1);
            // from now on a logged request is a row within 2 s (the follower polls every 250 ms),
            // and the dashboard counts it in the minute under way
            Await.clearOfMinuteEnd(Duration.ofSeconds(10));
            request(nginx, "/index.html", 3);
            long logged = System.nanoTime();
            Await.until("rows within 2 s", Duration.ofSeconds(10), () -> follower.stored() == 4);
            Await.until("the monitor shows them", Duration.ofSeconds(10), () -> monitorHitsNow("site.example") >= 3);
            assertTrue(System.nanoTime() - logged < 2_000_000_000L, "took " + (System.nanoTime() - logged) / 1_000_000 + " ms");
            assertEquals(Sql.number(db, "SELECT count(*) FROM logs WHERE time >= time_bucket('1 minute', now())"),
                monitorHitsNow("site.example"));

            // logrotate's default: rename, then the server reopens its log
            Files.move(nginx.accessLog(), dir.resolve("access.log.1"));
            request(nginx, "/about.html", 3);   // still written to the renamed file
            nginx.reopenLogs();
            Await.until("nginx reopened its log", Duration.ofSeconds(5), () -> Files.exists(nginx.accessLog()));
            request(nginx, "/style.css", 2);
            Await.until("9 rows", Duration.ofSeconds(5), () -> follower.stored() == 9);

            // copytruncate: copy away, then empty the file in place
            Files.copy(nginx.accessLog(), dir.resolve("access.log.2"), StandardCopyOption.REPLACE_EXISTING);
            Files.write(nginx.accessLog(), new byte[0]);
            Thread.sleep(600);
            request(nginx, "/missing", 2);
            Await.until("11 rows", Duration.ofSeconds(5), () -> follower.stored() == 11);

            follower.stop();
            AccessLogIngest.Summary summary = running.get(10, TimeUnit.SECONDS);
            assertEquals(11, summary.stored());
            assertEquals(List.of(List.of("/about.html", "3"), List.of("/index.html", "4"), List.of("/missing", "2"),
                List.of("/style.css", "2")), perPath());
        }
    }

    @Test
    void aRunKilledWithSigkillLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("big.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append("10.0.").append(i % 250).append(".1 - - [23/Nov/2026:10:").append(String.format("%02d:%02d", i / 6000 % 60, i / 100 % 60))
                .append(" +0000] \"GET /p/").append(i).append(" HTTP/1.1\" 200 10 \"-\" \"ua").append(i % 7).append("\"\n");
        }
        Files.writeString(log, text);
        WebtopProcess ingest = WebtopProcess.start(dir, "ingest", Map.of(), "ingest", "access-log", log.toString(),
            "--domain", "big.example", "--batch-size", "5000", "--db-url", TestDatabase.url(db));
        Await.until("some batches committed", Duration.ofSeconds(60), () -> Sql.number(db, "SELECT count(*) FROM logs") >= 20_000);
        ingest.kill();   // SIGKILL: no hook runs
        long before = Sql.number(db, "SELECT count(*) FROM logs");
        assertTrue(before < 200_000, "killed before the end: " + before);
        assertEquals(before, Sql.number(db, "SELECT lines FROM ingest_checkpoints"), "the checkpoint covers exactly the rows");

        Run rest = ingest(log.toString(), "--domain", "big.example");
        assertEquals(0, rest.exitCode(), rest.toString());
        assertEquals(200_000, Sql.number(db, "SELECT count(*) FROM logs"));
        assertEquals(200_000, Sql.number(db, "SELECT count(DISTINCT path) FROM logs"), "no line stored twice");
    }

    @Test
    void badLinesAreCountedByReasonKeptInTheRejectsFileAndDecideTheExitCode(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("mixed.log");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            bytes.writeBytes(("10.0.0.1 - - [23/Nov/2026:10:00:0" + i + " +0000] \"GET /ok HTTP/1.1\" 200 1 \"-\" \"ua\"\n")
                .getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes("not a log line\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("10.0.0.1 - - [23/Nov/2026:25:00:00 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"ua\"\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"-\" 400 0 \"-\" \"-\"\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(("10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /" + "x".repeat(70_000) + " HTTP/1.1\" 200 1 \"-\" \"ua\"\n")
            .getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'1', '0', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        Files.write(log, bytes.toByteArray());
        Path rejects = dir.resolve("rejects.txt");
        Run run = ingest(log.toString(), "--domain", "mixed.example", "--rejects", rejects.toString(), "--json");
        assertEquals(1, run.exitCode(), "5 of 11 lines rejected is above 0.1: " + run);
        assertTrue(run.out().contains("\"rejects\":{\"bad_request\":1,\"bad_timestamp\":1,\"invalid_utf8\":1,"
            + "\"too_long\":1,\"unparseable\":1}"), run.out());
        assertEquals(6, Sql.number(db, "SELECT count(*) FROM logs"));
        List<String> kept = Files.readAllLines(rejects);
        assertEquals(5, kept.size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rejects)),
            "rejected lines carry client addresses");
        assertTrue(kept.get(0).startsWith("unparseable\tnot a log line"), kept.get(0));
        assertEquals(0, ingest(log.toString(), "--domain", "mixed.example", "--max-reject-ratio", "0.5").exitCode());
    }

    @Test
    void aWrongFormatStopsEarlyWithOneLineAndWritesNothing(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "2026-11-23 10:00:00 INFO started\n".repeat(1500));
        Run run = ingest(log.toString(), "--domain", "app.example");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("none of the first 1000 lines") && run.err().contains("--log-format"), run.err());
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"));
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM ingest_checkpoints"));
        assertEquals(2, ingest(log.toString()).exitCode(), "combined without --domain");
        assertEquals(2, ingest(log.toString(), "--domain", "app.example", "--format", "fancy").exitCode());
    }

    @Test
    void gzippedLogsAreReadForBackfill(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("access.log.2.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(log))) {
            for (int i = 0; i < 500; i++) {
                out.write(("10.0.0." + (i % 9) + " - - [22/Nov/2026:08:" + String.format("%02d:%02d", i / 60, i % 60)
                    + " +0000] \"GET /old/" + (i % 5)
                    + " HTTP/1.1\" 200 1 \"-\" \"ua\"\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(0, ingest(log.toString(), "--domain", "old.example").exitCode());
        assertEquals(500, Sql.number(db, "SELECT count(*) FROM logs"));
        assertEquals(500, Sql.number(db, "SELECT sum(views) FROM page_hourly WHERE bucket = '2026-11-22 08:00+00'"));
        assertEquals(0, ingest(log.toString(), "--domain", "old.example").exitCode());
        assertEquals(500, Sql.number(db, "SELECT count(*) FROM logs"), "read once");
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return -1;
        }
    }
}
