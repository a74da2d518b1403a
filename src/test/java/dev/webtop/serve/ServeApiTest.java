package dev.webtop.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DbTarget;
import dev.webtop.support.BadPageViewBatches;
import dev.webtop.support.Cli;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.HttpCalls.Answer;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `webtop serve`'s page-views and events APIs over real HTTP on loopback: what a 2xx says is what
 * the database holds, and each read endpoint answers what its command answers.
 */
class ServeApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DbTarget db;
    private static Service service;
    private static HttpCalls http;

    @BeforeAll
    static void startService() {
        db = TestDatabase.withPipeline();
        service = Service.start(db, Service.Options.on(0), message -> { }, message -> { });
        http = new HttpCalls(service.port());
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @BeforeEach
    void emptyTables() {
        Sql.execute(db, "TRUNCATE logs, page_hourly, ingest_checkpoints, domain_sources, domain_live");
        Sql.execute(db, "SELECT webtop_clear_aggregates()");
    }

    private static long rows() {
        return Sql.number(db, "SELECT count(*) FROM logs");
    }

    private static JsonNode cliJson(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--db-url";
        all[args.length + 1] = TestDatabase.url(db);
        Cli.Run run = Cli.isolated().run(all);
        assertEquals(0, run.exitCode(), run.toString());
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : run.out().strip().split("\n")) {
                lines.add(JSON.readTree(line));
            }
            return lines.size() == 1 ? lines.get(0) : JSON.valueToTree(lines);
        } catch (Exception e) {
            throw new AssertionError(run.out(), e);
        }
    }

    @Test
    void healthSaysOk() {
        Answer health = http.get("/health");
        assertEquals(200, health.status());
        assertEquals("{\"status\":\"ok\"}", health.body());
    }

    @Test
    void aSinglePageViewIsStoredBeforeTheAnswer() {
        Answer answer = http.postJson("/page-views/single", "{\"page\": \"example.com/page\", \"timestamp\": \"2025-07-16T10:00:00Z\"}");
        assertEquals(201, answer.status(), answer.toString());
        assertEquals(1, answer.json().get("stored").asLong());
        assertEquals(List.of(List.of("example.com", "/page", "2025-07-16 10:00:00", "client", "false")),
            Sql.rows(db, "SELECT domain, path, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), source, "
                + "is_bot::text FROM logs"));
        assertEquals(1, Sql.number(db, "SELECT sum(views) FROM page_hourly WHERE domain = 'example.com'"));
    }

    @Test
    void aBatchIsStoredWholeAndReportedAsReportHourlyDoes() {
        Answer answer = http.postJson("/page-views/multi", """
            {"example.com/page1": {"2025-07-16T10:00:00Z": 5, "2025-07-16T11:00:00Z": 3},
             "example.com/page2": {"2025-07-16T10:00:00+02:00": 2},
             "shop.example": {"2025-07-16T10:30:00Z": 0}}
            """);
        assertEquals(201, answer.status(), answer.toString());
        assertEquals(10, answer.json().get("stored").asLong());
        assertEquals(3, answer.json().get("pages").asLong());
        assertEquals(10, rows());

        Answer report = http.get("/report?page=example.com/page1&now=2025-07-16T12:30:00Z&order=desc&take=3");
        assertEquals(200, report.status(), report.toString());
        assertEquals("[{\"h\":12,\"v\":0},{\"h\":11,\"v\":3},{\"h\":10,\"v\":5}]",
            hoursAndViews(report.json().get("data")));
        JsonNode cli = cliJson("report", "hourly", "--page", "example.com/page1", "--now", "2025-07-16T12:30:00Z",
            "--order", "desc", "--take", "3", "--json");
        assertEquals(cli, report.json());
        assertEquals(24, http.get("/report?page=/page2&now=2025-07-16T12:30:00Z").json().get("data").size());
    }

    private static String hoursAndViews(JsonNode data) {
        List<String> entries = new ArrayList<>();
        data.forEach(e -> entries.add("{\"h\":" + e.get("h") + ",\"v\":" + e.get("v") + "}"));
        return "[" + String.join(",", entries) + "]";
    }

    @Test
    void aBadBatchIsRefusedWholeWithTheMessageGenerateGives(@TempDir Path dir) throws Exception {
        for (String[] c : BadPageViewBatches.CASES) {
            Answer answer = http.postJson("/page-views/multi", c[0]);
            assertEquals(400, answer.status(), c[0] + " -> " + answer);
            String error = answer.json().get("error").asText();
            assertTrue(error.contains(c[1]), error);
            Path file = dir.resolve("views.json");
            Files.writeString(file, c[0]);
            Cli.Run generate = Cli.isolated().run("generate", "--from-json", file.toString(), "--db-url", TestDatabase.url(db));
            assertEquals(2, generate.exitCode());
            assertEquals("webtop: " + file + error.substring("request body".length()), generate.err().strip(),
                "the same message as generate --from-json");
        }
        assertEquals(0, rows());
    }

    @Test
    void eventsInEveryFormAreStoredOrSkippedByReason() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String one = event(now, "u1", "page_view", "/products/electronics", "s1");
        Answer single = http.postJson("/events", one);
        assertEquals(200, single.status(), single.toString());
        assertEquals("{\"stored\":1,\"skipped\":0,\"skipped_by_reason\":{}}", single.body());

        String array = "[" + String.join(",", event(now, "u2", "click", "https://shop.example.com/cart?id=7#top", "s2"),
            event(now, "u2", "page_view", "shop.example.com/cart", "s2"),
            "{\"user_id\": \"u3\", \"event_type\": \"page_view\", \"page_url\": \"/\", \"session_id\": \"s3\"}",
            event("yesterday", "u3", "page_view", "/", "s3"),
            event(now, "u3", "page_view", "not a url", "s3"),
            "{\"timestamp\": \"" + now + "\", \"user_id\": 42, \"event_type\": \"page_view\", \"page_url\": \"/\", \"session_id\": \"s\"}",
            "\"just text\"") + "]";
        Answer answer = http.postJson("/events", array);
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(2, answer.json().get("stored").asLong());
        assertEquals(5, answer.json().get("skipped").asLong());
        assertEquals("{\"bad_page_url\":1,\"bad_timestamp\":1,\"bad_user_id\":1,\"missing_timestamp\":1,\"not_an_object\":1}",
            answer.json().get("skipped_by_reason").toString());

        String ndjson = event(now, "u4", "page_view", "/a", "s4") + "\n" + event(now, "u4", "scroll", "/a", "s4") + "\n";
        Answer lines = http.post("/events", "application/x-ndjson", ndjson);
        assertEquals(2, lines.json().get("stored").asLong(), lines.toString());

        assertEquals(List.of(List.of("app.localhost", "/a", "u4", "page_view"), List.of("app.localhost", "/a", "u4", "scroll"),
                List.of("app.localhost", "/products/electronics", "u1", "page_view"),
                List.of("shop.example.com", "/cart", "u2", "click"), List.of("shop.example.com", "/cart", "u2", "page_view")),
            Sql.rows(db, "SELECT domain, path, user_id, event_type FROM logs ORDER BY 1, 2, 3, 4"));
        assertEquals("client", Sql.value(db, "SELECT string_agg(DISTINCT source, ',') FROM logs"));
    }

    private static String event(String time, String user, String type, String page, String session) {
        return "{\"timestamp\": \"" + time + "\", \"user_id\": \"" + user + "\", \"event_type\": \"" + type
            + "\", \"page_url\": \"" + page + "\", \"session_id\": \"" + session + "\"}";
    }

    @Test
    void moreThanTenPageViewsInASecondAreFlaggedAsABot() {
        String second = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(event(second, "crawler-7", "page_view", "/p" + i, "s"));
        }
        for (int i = 0; i < 10; i++) {
            events.add(event(second, "person-1", "page_view", "/p" + i, "s"));
        }
        assertEquals(22, http.postJson("/events", "[" + String.join(",", events) + "]").json().get("stored").asLong());
        assertEquals(List.of(List.of("crawler-7", "12", "rate"), List.of("person-1", "0", "")),
            Sql.rows(db, "SELECT user_id, count(*) FILTER (WHERE is_bot)::text, coalesce(max(bot_rule), '') FROM logs "
                + "GROUP BY 1 ORDER BY 1"));
        assertEquals(12, Sql.number(db, "SELECT sum(bot_hits) FROM domain_stats_1m"));
    }

    @Test
    void statsAnswerWhatTheReportsAnswer() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> events = new ArrayList<>();
        for (int user = 1; user <= 6; user++) {
            for (int view = 0; view < user; view++) {
                events.add(event(now.minusSeconds(60L * view).toString(), "user-" + user, "page_view",
                    "https://stats.example.com/page-" + (view % 3), "s" + user));
            }
        }
        events.add(event(now.minus(Duration.ofMinutes(20)).toString(), "user-9", "page_view", "/old", "s9"));
        http.postJson("/events", "[" + String.join(",", events) + "]");

        JsonNode active = http.get("/stats/active-users").json();
        assertEquals(6, active.get("active_users").asLong());
        assertEquals(cliJson("report", "active", "--json"), active);

        JsonNode top = http.get("/stats/top-pages?take=2").json().get("data");
        assertEquals(cliJson("report", "top", "--take", "2", "--json"), top);
        assertEquals("stats.example.com/page-0", top.get(0).get("name").asText());
        assertEquals(9, top.get(0).get("views").asLong());

        JsonNode sessions = http.get("/stats/sessions").json().get("data");
        assertEquals(cliJson("report", "sessions", "--json"), sessions);
        assertEquals(7, sessions.size());
        JsonNode timeline = http.get("/stats/sessions?user=user-3").json().get("data");
        assertEquals(1, timeline.size());
        assertEquals(cliJson("report", "sessions", "--user", "user-3", "--json"), timeline.get(0));
        assertEquals(3, timeline.get(0).get("page_views").asLong());
    }

    @Test
    void theSnapshotIsTheMonitorsJsonAndItsStreamSendsItAgainAndAgain() throws Exception {
        String now = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(30).toString();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(event(now, "viewer-" + i, "page_view", "https://snap" + (i % 3) + ".example.com/", "s"));
        }
        http.postJson("/events", "[" + String.join(",", events) + "]");
        Sql.execute(db, "SELECT webtop_refresh_current()");

        JsonNode snapshot = http.get("/api/snapshot?window=10m&sort=domain").json();
        assertEquals("webtop.monitor/1", snapshot.get("schema").asText());
        JsonNode monitor = cliJson("monitor", "--json", "--window", "10m");
        assertEquals(3, snapshot.get("domains_total").asLong());
        assertEquals(List.of("snap0.example.com", "snap1.example.com", "snap2.example.com"),
            List.of(snapshot.get("domains").get(0).get("domain").asText(), snapshot.get("domains").get(1).get("domain").asText(),
                snapshot.get("domains").get(2).get("domain").asText()), "sorted by domain");
        for (JsonNode domain : monitor.get("domains")) {
            JsonNode same = null;
            for (JsonNode candidate : snapshot.get("domains")) {
                if (candidate.get("domain").equals(domain.get("domain"))) {
                    same = candidate;
                }
            }
            assertEquals(domain, same, "the monitor's figures for " + domain.get("domain"));
        }
        JsonNode detail = http.get("/api/snapshot?domain=snap1.example.com").json().get("detail");
        assertEquals("snap1.example.com", detail.get("domain").asText());

        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/snapshot/stream?interval=1")).build(),
            HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElse(null));
        List<String> data = stream.body().filter(line -> line.startsWith("data: ")).limit(2).toList();
        assertEquals(2, data.size());
        for (String line : data) {
            assertEquals(3, JSON.readTree(line.substring(6)).get("domains_total").asLong(), line);
        }
        for (String bad : List.of("window=2m", "sort=size", "filter=(", "source=mail", "interval=0", "interval=99")) {
            Answer answer = http.get("/api/snapshot?" + bad);
            assertEquals(400, answer.status(), bad + " -> " + answer);
        }
    }

    @Test
    void manyLargeBatchesAtOnceAreRefusedWith503BeyondTheBodyBudgetAndTheRestStored() throws Exception {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            events.add(event(now, "big-" + i, "page_view", "/p" + (i % 10), "s"));
        }
        String body = "[" + String.join(",", events) + "]";   // about 7 MiB
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(12);   // twelve at once, whatever the cores
        for (int i = 0; i < 12; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> http.postJson("/events", body), clients));
        }
        clients.shutdown();
        long stored = 0;
        int refused = 0;
        for (var future : answers) {
            Answer answer = future.get();
            if (answer.status() == 200) {
                stored += answer.json().get("stored").asLong();
            } else {
                assertEquals(503, answer.status(), answer.toString());
                assertEquals("5", answer.header("Retry-After"));
                refused++;
            }
        }
        assertTrue(refused > 0 && stored > 0, refused + " refused, " + stored + " stored");
        assertEquals(stored, rows());
    }

    @Test
    void badRequestsGetTheirStatusAndOneLineAndChangeNothing() {
        record Case(String method, String path, String type, String body, int status) {
        }
        List<Case> cases = List.of(
            new Case("POST", "/page-views/single", "text/plain", "{\"page\": \"example.com/a\"}", 415),
            new Case("POST", "/page-views/single", null, "{\"page\": \"example.com/a\"}", 415),
            new Case("POST", "/page-views/single", "application/json", "{\"page\": \"" + "a".repeat(70_000) + "\"}", 413),
            new Case("POST", "/page-views/single", "application/json", "{\"page\": \"example.com/a\"", 400),
            new Case("POST", "/page-views/single", "application/json", "{\"page\": 7}", 400),
            new Case("POST", "/page-views/single", "application/json", "[]", 400),
            new Case("POST", "/page-views/single", "application/json", "", 400),
            new Case("POST", "/page-views/single", "application/json", "{\"page\": \"example.com/a\\u0000b\"}", 400),
            new Case("POST", "/page-views/single", "application/json", "{\"page\": \"example.com/a\", \"timestamp\": \"+99999-01-01T00:00:00Z\"}", 400),
            new Case("POST", "/page-views/multi", "application/json", "[".repeat(100_000), 400),
            new Case("POST", "/events", "application/json", "[".repeat(100_000), 400),
            new Case("POST", "/page-views/multi", "application/json", "{\"example.com/a\": {\"2025-07-16T10:00:00Z\": 1e999999999}}", 400),
            new Case("POST", "/events", "application/xml", "<event/>", 415),
            new Case("GET", "/events", null, null, 405),
            new Case("DELETE", "/page-views/multi", null, null, 405),
            new Case("GET", "/../../etc/passwd", null, null, 400),
            new Case("GET", "/%2e%2e/%2e%2e/etc/passwd", null, null, 400),
            new Case("GET", "/report", null, null, 400),
            new Case("GET", "/report?page=/a&take=many", null, null, 400),
            new Case("GET", "/report?page=/a&order=sideways", null, null, 400),
            new Case("GET", "/report?page=/a&now=tomorrow", null, null, 400),
            new Case("GET", "/report?page=/a&page=/b", null, null, 400),
            new Case("GET", "/stats/top-pages?since=forever", null, null, 400),
            new Case("GET", "/stats/top-pages?take=0", null, null, 400),
            new Case("GET", "/stats/active-users?include_bots=maybe", null, null, 400));
        for (Case c : cases) {
            Answer answer = c.body() == null ? http.send(c.method(), c.path()) : http.post(c.path(), c.type(), c.body());
            assertEquals(c.status(), answer.status(), c + " -> " + answer);
            JsonNode error = answer.json();
            assertEquals(1, error.size(), answer.body());
            assertTrue(error.get("error").asText().lines().count() == 1, answer.body());
            assertTrue(!answer.body().contains("Exception") && !answer.body().contains("\tat "), answer.body());
        }
        assertEquals(0, rows());
        assertEquals("application/json; charset=utf-8", http.get("/nowhere").header("Content-Type"));
    }
}
