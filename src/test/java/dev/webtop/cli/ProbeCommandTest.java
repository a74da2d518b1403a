package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `webtop probe` as cron runs it: real local servers, a real database, exit codes. */
class ProbeCommandTest {
    private MockWebServer server;
    private DbTarget db;

    @BeforeEach
    void serverAndDatabase() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("localhost"), 0);
        db = TestDatabase.withPipeline();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private Run probe(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--db-url";
        all[args.length + 2] = TestDatabase.url(db);
        return Cli.isolated().run(all);
    }

    /** Concurrent checks arrive in any order, so responses are chosen by path. */
    private void answer(Map<String, MockResponse> byPath) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return byPath.getOrDefault(request.getUrl().encodedPath(), new MockResponse.Builder().code(404).build());
            }
        });
    }

    private long stored() {
        return Sql.number(db, "SELECT count(*) FROM probe_results");
    }

    @Test
    void smartModeKeepsRepeatedOkChecksAsOneRowAndCountsEachInTheAggregates() {
        answer(Map.of("/a", new MockResponse.Builder().code(200).body("fine").build()));
        String url = server.url("/a").toString();
        for (int run = 0; run < 3; run++) {
            assertEquals(0, probe(url, "--smart", "--location", "lab").exitCode());
        }
        assertEquals(List.of(List.of("1", "3", "true")), Sql.rows(db,
            "SELECT count(*)::text, sum(checks)::text, bool_and(last_time > time)::text FROM probe_results"));
        assertEquals(3, Sql.number(db, "SELECT sum(checks) FROM probe_hourly"));
    }

    @Test
    void healthyTargetsExit0QuietlyAndStoreOneRowEach() {
        answer(Map.of("/a", new MockResponse.Builder().code(200).body("<svg width=1>").build(),
            "/b", new MockResponse.Builder().code(200).body("hello").build()));
        Run run = probe(server.url("/a") + " <svg\\s+", server.url("/b").toString(), "--location", "lab");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.out());
        assertEquals("", run.err());
        assertEquals(List.of(List.of("ok", "lab", "t", "200", "t")), Sql.rows(db,
            "SELECT DISTINCT outcome, location, responsive, status::text, total_ms >= connect_ms FROM probe_results"));
        assertEquals(2, stored());
    }

    @Test
    void aFailingTargetExits1WithOneLineOnStderrAndIsStoredWithItsClass(@TempDir Path dir) throws IOException {
        answer(Map.of("/ok", new MockResponse.Builder().code(200).body("fine").build(),
            "/down", new MockResponse.Builder().code(503).build()));
        Path file = dir.resolve("targets.txt");
        Files.writeString(file, "# shop\n" + server.url("/ok") + " fine\n\n" + server.url("/down") + "\n");
        Run run = probe("--file", file.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("http_status " + server.url("/down")), run.err());
        assertEquals(List.of(List.of("http_status", "503", "response"), java.util.Arrays.asList("ok", "200", null)), Sql.rows(db,
            "SELECT outcome, status::text, failed_phase FROM probe_results ORDER BY outcome"));
    }

    @Test
    void everyLoopsUntilInterruptedStoringEachRound() throws Exception {
        answer(Map.of("/loop", new MockResponse.Builder().code(200).body("ok").build()));
        String url = server.url("/loop").toString();
        Thread[] runner = new Thread[1];
        CompletableFuture<Run> loop = CompletableFuture.supplyAsync(() -> {
            runner[0] = Thread.currentThread();
            return probe(url, "--every", "1s");
        });
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (stored() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        runner[0].interrupt();
        Run run = loop.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(stored() >= 3, "rounds stored: " + stored());
        assertEquals(2, probe(url, "--every", "500ms").exitCode(), "at least a second apart");
    }

    @Test
    void sigtermLetsThePassUnderWayFinishAndBeStored(@TempDir Path home) {
        // the dispatcher answers each request 3 s late, so the signal lands while a check is open
        answer(Map.of("/slow", new MockResponse.Builder().code(200).body("ok").headersDelay(3, TimeUnit.SECONDS).build()));
        WebtopProcess loop = WebtopProcess.start(home, "probe", Map.of("WEBTOP_HOME", home.toString()),
            "probe", server.url("/slow").toString(), "--every", "1m", "--db-url", TestDatabase.url(db));
        Await.until("the check is under way", Duration.ofSeconds(30), () -> server.getRequestCount() == 1);
        loop.terminate();
        Run run = loop.await(30);
        assertEquals(128 + 15, run.exitCode(), "ended by SIGTERM: " + run);
        assertEquals("", run.err());
        assertEquals(1, stored(), "the check under way was stored");
    }

    @Test
    void keptTargetsAreCheckedWhenNoneIsGiven() {
        answer(Map.of("/kept", new MockResponse.Builder().code(200).body("<title>Kept").build(),
            "/other", new MockResponse.Builder().code(200).body("plain").build()));
        assertEquals(0, probe("add", server.url("/kept").toString(), "--match", "<title>Kept").exitCode());
        assertEquals(0, probe("add", server.url("/other").toString(), "--match", "<title>").exitCode());
        Run list = probe("list");
        assertTrue(list.out().contains("/<title>Kept/") && list.out().contains("2 targets"), list.out());

        Run run = probe();
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("content_mismatch " + server.url("/other")), run.err());
        assertEquals(List.of(List.of("content_mismatch"), List.of("ok")),
            Sql.rows(db, "SELECT outcome FROM probe_results ORDER BY outcome"));

        assertEquals(0, probe("remove", server.url("/other").toString()).exitCode());
        assertEquals(0, probe().exitCode());
        assertEquals(2, probe("remove", server.url("/other").toString()).exitCode());
        assertEquals(2, probe("add", "ftp://example.com/").exitCode());
    }

    @Test
    void jsonPrintsEveryResultAndNoStoreStoresNothing() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("x").build());
        Run run = probe("--json", "--no-store", server.url("/").toString());
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertEquals("ok", result.get("outcome").asText());
        assertTrue(result.get("total_ms").asDouble() > 0);
        assertEquals(0, stored());
    }

    @Test
    void badInputExits2NamingTheArgumentOrLineAndStoresNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("targets.txt");
        Files.writeString(file, "https://good.example\nhttps://bad.example (unclosed\n");
        String[][] bad = {
            {"not a url"}, {"ftp://example.com/"}, {"https://example.com", "--match", "(oops"},
            {"https://example.com", "--timeout", "0s"}, {"https://example.com", "--concurrency", "0"},
            {"https://example.com", "--concurrency", "6000"}, {"--file", file.toString()},
            {"--file", dir.resolve("missing.txt").toString()}, {"https://example.com", "--expect-status", "200-99"},
            {}};
        String[] expected = {"argument 1: 'not' is not an http", "argument 1: 'ftp://example.com/'", "not a valid regex",
            "--timeout must be more than 0", "--concurrency must be from 1 to 5000", "--concurrency must be from 1 to 5000",
            file + ":2: '(unclosed' is not a valid regex", "cannot be read", "--expect-status '200-99'", "no targets"};
        for (int i = 0; i < bad.length; i++) {
            Run run = probe(bad[i]);
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.err().contains(expected[i]), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        }
        assertEquals(0, stored());
    }

    @Test
    void withTheDatabaseAwayResultsWaitInTheSpoolAndTheNextRunStoresThemOnce(@TempDir Path home) throws Exception {
        answer(Map.of("/up", new MockResponse.Builder().code(200).body("up").build()));
        String url = server.url("/up").toString();
        Cli away = Cli.isolated().env("WEBTOP_HOME", home.toString());
        Run first = away.run("probe", url, url + "?second", "--db-url", "postgresql://u:pw@127.0.0.1:1/x");
        assertEquals(3, first.exitCode(), first.toString());
        assertEquals(1, first.err().lines().count(), first.err());
        assertTrue(first.err().contains("stored by the next run"), first.err());
        assertEquals(1, Files.list(home.resolve("probe-spool")).count());

        // two runs that reach the database at once: the spooled file is stored by exactly one
        Cli back = Cli.isolated().env("WEBTOP_HOME", home.toString());
        CompletableFuture<Run> a = CompletableFuture.supplyAsync(() -> back.run("probe", url, "--db-url", TestDatabase.url(db)));
        CompletableFuture<Run> b = CompletableFuture.supplyAsync(() -> back.run("probe", url, "--db-url", TestDatabase.url(db)));
        assertEquals(0, a.join().exitCode(), a.join().toString());
        assertEquals(0, b.join().exitCode(), b.join().toString());
        assertEquals(2 + 2, stored(), "two spooled results and one from each run");
        assertEquals(0, Files.list(home.resolve("probe-spool")).count());
        assertEquals(1, Sql.number(db, "SELECT count(*) FROM probe_spool_applied"));

        assertEquals(0, back.run("probe", url, "--db-url", TestDatabase.url(db)).exitCode());
        assertEquals(5, stored(), "nothing twice");
    }
}
