package dev.webtop.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector for real websites, /api/event as Plausible's script sends it and webtop's own
 * tracker script: only allowlisted sites, visitors as ingest hashes them, X-Forwarded-For only
 * from a trusted proxy, CORS for the sites' pages.
 */
class CollectorTest {
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static DbTarget db;
    private static Service direct;       // visitors connect straight to it
    private static Service behindProxy;  // 127.0.0.1 is a trusted reverse proxy

    @BeforeAll
    static void startServices() {
        db = TestDatabase.withPipeline();
        direct = Service.start(db, Service.Options.on(0).withSites(List.of("collect.example.com"), List.of()),
            m -> { }, m -> { });
        behindProxy = Service.start(db, Service.Options.on(0).withSites(List.of("collect.example.com"), List.of("127.0.0.0/8")),
            m -> { }, m -> { });
    }

    @AfterAll
    static void stopServices() {
        direct.close();
        behindProxy.close();
    }

    @BeforeEach
    void emptyTables() {
        Sql.execute(db, "TRUNCATE logs, page_hourly, domain_sources, domain_live, webtop_sites, visitor_hours, "
            + "hourly_breakdowns, goal_hours, webtop_goals");
        Sql.execute(db, "SELECT webtop_clear_aggregates()");
    }

    private static HttpResponse<String> send(Service service, String method, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/event"))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> pageview(Service service, String url, String referrer, Map<String, String> headers) {
        String body = "{\"name\":\"pageview\",\"url\":\"" + url + "\",\"domain\":\"collect.example.com\",\"referrer\":"
            + (referrer == null ? "null" : "\"" + referrer + "\"") + ",\"props\":{}}";
        return send(service, "POST", body, headers);
    }

    @Test
    void aPageViewOfAnAllowedSiteIsStoredWithItsReferrerAndAHashedVisitor() {
        HttpResponse<String> answer = pageview(direct, "https://www.collect.example.com/pricing?utm_source=news#plans",
            "https://search.example/?q=webtop", Map.of("Content-Type", "text/plain", "User-Agent", BROWSER,
                "Origin", "https://www.collect.example.com"));
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals("{\"stored\":1}", answer.body());
        assertEquals("https://www.collect.example.com", answer.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        List<List<String>> rows = Sql.rows(db, "SELECT domain, path, event_type, referrer, user_agent, source, "
            + "coalesce(client_ip, '-'), is_bot::text, user_id FROM logs");
        assertEquals(1, rows.size());
        assertEquals(List.of("collect.example.com", "/pricing", "page_view", "https://search.example/?q=webtop", BROWSER,
            "client", "-", "false"), rows.get(0).subList(0, 8));
        assertTrue(rows.get(0).get(8).matches("v[0-9a-f]{16}"), rows.get(0).get(8));
        assertEquals(1, Sql.number(db, "SELECT sum(views) FROM page_hourly WHERE domain = 'collect.example.com'"));

        pageview(direct, "https://collect.example.com/", null, Map.of("Content-Type", "application/json", "User-Agent", BROWSER));
        assertEquals(1, Sql.number(db, "SELECT count(DISTINCT user_id) FROM logs"), "the same address and agent today: one visitor");
    }

    private static HttpResponse<String> event(String name, String address) {
        return send(behindProxy, "POST", "{\"name\":\"" + name + "\",\"url\":\"https://collect.example.com/signup\","
            + "\"domain\":\"collect.example.com\"}", Map.of("Content-Type", "text/plain", "User-Agent", BROWSER,
            "X-Forwarded-For", address));
    }

    private static String report(String... args) {
        List<String> all = new ArrayList<>(List.of("report"));
        all.addAll(List.of(args));
        all.addAll(List.of("--since", "1h", "--domain", "collect.example.com", "--csv", "--db-url", TestDatabase.url(db)));
        Cli.Run run = Cli.isolated().run(all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        return run.out().strip();
    }

    @Test
    void goalsCampaignsAndEntriesCountWhatTheCollectorTakes() {
        Cli.Run goal = Cli.isolated().run("goal", "add", "--domain", "collect.example.com", "--event", "Signup",
            "--db-url", TestDatabase.url(db));
        assertEquals(0, goal.exitCode(), goal.toString());
        pageview(behindProxy, "https://collect.example.com/pricing?utm_campaign=spring&utm_source=news", null,
            Map.of("Content-Type", "text/plain", "User-Agent", BROWSER, "X-Forwarded-For", "203.0.113.8"));
        assertEquals(202, event("Signup", "203.0.113.8").statusCode());
        assertEquals(202, event("Signup", "203.0.113.9").statusCode());
        assertEquals(202, event("Signup", "203.0.113.9").statusCode());
        assertEquals(202, event("Newsletter", "203.0.113.10").statusCode());

        // 3 completions by 2 of the 3 visitors
        assertEquals("id,domain,goal,completions,converted,visitors,conversion_rate\n"
            + "1,collect.example.com,event Signup,3,2,3,66.70", report("goals"));
        assertEquals("rank,utm_campaign,page_views,share\n1,spring,1,100", report("campaigns"));
        assertEquals("rank,page,entries,share\n1,/pricing,1,100", report("entries"));
    }

    @Test
    void theVisitorIsTheHashIngestGivesTheSameAddressAndAgent(@TempDir Path dir) throws Exception {
        pageview(behindProxy, "https://collect.example.com/a", null, Map.of("Content-Type", "text/plain",
            "User-Agent", BROWSER, "X-Forwarded-For", "203.0.113.7"));
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT));
        Path log = dir.resolve("access.log");
        Files.writeString(log, "203.0.113.7 - - [" + now + "] \"GET /b HTTP/1.1\" 200 512 \"-\" \"" + BROWSER + "\"\n");
        Cli.Run ingest = Cli.isolated().run("ingest", "access-log", log.toString(), "--domain", "collect.example.com",
            "--db-url", TestDatabase.url(db));
        assertEquals(0, ingest.exitCode(), ingest.toString());
        assertEquals(List.of(List.of("access_log", "/b"), List.of("client", "/a")),
            Sql.rows(db, "SELECT source, path FROM logs ORDER BY source"));
        assertEquals(1, Sql.number(db, "SELECT count(DISTINCT user_id) FROM logs"));
    }

    @Test
    void forwardedForCountsOnlyFromATrustedProxy() {
        Map<String, String> first = Map.of("Content-Type", "text/plain", "User-Agent", BROWSER, "X-Forwarded-For", "203.0.113.7");
        Map<String, String> second = Map.of("Content-Type", "text/plain", "User-Agent", BROWSER,
            "X-Forwarded-For", "198.51.100.9, 127.0.0.1");
        pageview(direct, "https://collect.example.com/direct", null, first);
        pageview(direct, "https://collect.example.com/direct", null, second);
        assertEquals(1, Sql.number(db, "SELECT count(DISTINCT user_id) FROM logs WHERE path = '/direct'"),
            "a visitor cannot pose as another by sending X-Forwarded-For");
        pageview(behindProxy, "https://collect.example.com/proxied", null, first);
        pageview(behindProxy, "https://collect.example.com/proxied", null, second);
        assertEquals(2, Sql.number(db, "SELECT count(DISTINCT user_id) FROM logs WHERE path = '/proxied'"));
        assertNotEquals(Sql.value(db, "SELECT min(user_id) FROM logs WHERE path = '/direct'"),
            Sql.value(db, "SELECT min(user_id) FROM logs WHERE path = '/proxied'"));
    }

    @Test
    void onlySitesOnTheAllowlistAreTakenAndSiteAddNeedsNoRestart() {
        String other = "{\"name\":\"pageview\",\"url\":\"https://other.example.org/\",\"domain\":\"other.example.org\"}";
        Map<String, String> headers = Map.of("Content-Type", "text/plain", "User-Agent", BROWSER,
            "Origin", "https://other.example.org");
        HttpResponse<String> refused = send(direct, "POST", other, headers);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().startsWith("{\"error\":\"'other.example.org' is not a site on the allowlist"), refused.body());
        assertNull(refused.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals(403, send(direct, "OPTIONS", null, Map.of("Origin", "https://other.example.org",
            "Access-Control-Request-Method", "POST")).statusCode());
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"));

        Cli.Run add = Cli.isolated().run("site", "add", "other.example.org", "--db-url", TestDatabase.url(db));
        assertEquals(0, add.exitCode(), add.toString());
        assertEquals("other.example.org\n", Cli.isolated().run("site", "list", "--db-url", TestDatabase.url(db)).out());
        Await.until("the running service sees the new site", Duration.ofSeconds(15),
            () -> send(direct, "POST", other, headers).statusCode() == 202);
        HttpResponse<String> preflight = send(direct, "OPTIONS", null, Map.of("Origin", "https://other.example.org",
            "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
        assertEquals(204, preflight.statusCode());
        assertEquals("https://other.example.org", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("POST", preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals(2, Cli.isolated().run("site", "remove", "nowhere.example", "--db-url", TestDatabase.url(db)).exitCode());
        assertEquals(2, Cli.isolated().run("site", "add", "not a domain", "--db-url", TestDatabase.url(db)).exitCode());
    }

    @Test
    void crawlersAreFlaggedAndCustomEventsKeepTheirName() {
        pageview(direct, "https://collect.example.com/", null, Map.of("Content-Type", "text/plain",
            "User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        send(direct, "POST", "{\"name\":\"Signup\",\"url\":\"https://collect.example.com/signup/done\","
            + "\"domain\":\"collect.example.com\"}", Map.of("Content-Type", "text/plain", "User-Agent", BROWSER));
        assertEquals(List.of(List.of("/", "page_view", "true", "user_agent"), List.of("/signup/done", "Signup", "false", "-")),
            Sql.rows(db, "SELECT path, event_type, is_bot::text, coalesce(bot_rule, '-') FROM logs ORDER BY path"));
    }

    @Test
    void badEventsAreRefusedWithOneLine() {
        Map<String, String> json = Map.of("Content-Type", "text/plain", "User-Agent", BROWSER);
        String[][] cases = {
            {"{\"url\":\"https://collect.example.com/\",\"domain\":\"collect.example.com\"}", "'name' is required"},
            {"{\"name\":\"pageview\",\"domain\":\"collect.example.com\"}", "'url' is required"},
            {"{\"name\":\"pageview\",\"url\":\"javascript:alert(1)\",\"domain\":\"collect.example.com\"}", "'url' must be"},
            {"{\"name\":\"pageview\",\"url\":\"https://collect.example.com/\"}", "'domain' is required"},
            {"{\"name\":[1],\"url\":\"https://collect.example.com/\",\"domain\":\"collect.example.com\"}", "'name' must be"},
            {"{\"name\":\"pageview\",\"url\":\"https://collect.example.com/\",\"domain\":\"collect.example.com\",\"referrer\":\""
                + "r".repeat(5000) + "\"}", "'referrer' must be"},
            {"[]", "expected an object"},
            {"{\"name\":", "malformed JSON"},
        };
        for (String[] c : cases) {
            HttpResponse<String> answer = send(direct, "POST", c[0], json);
            assertEquals(400, answer.statusCode(), c[0] + " -> " + answer.body());
            assertTrue(answer.body().contains(c[1]), answer.body());
        }
        assertEquals(415, send(direct, "POST", "{}", Map.of("Content-Type", "application/x-www-form-urlencoded")).statusCode());
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs"));
    }

    @Test
    void theTrackerScriptIsSmallAndServedByWebtop() {
        HttpResponse<String> script;
        try {
            script = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + direct.port() + "/js/script.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(200, script.statusCode());
        assertEquals("application/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElse(null));
        assertTrue(script.body().length() < 1200, "a few hundred bytes: " + script.body().length());
        assertTrue(script.body().contains("/api/event") && script.body().contains("pushState"), script.body());
    }
}
