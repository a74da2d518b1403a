package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every report and `stats` against a direct SQL computation over the same rows. */
class ReportCommandTest {
    private static DbTarget db;

    @BeforeAll
    static void traffic(@TempDir Path dir) throws Exception {
        db = TestDatabase.withPipeline();
        // a page-views batch: two pages over two hours of 2025-07-16
        Path batch = dir.resolve("views.json");
        Files.writeString(batch, "{\"example.com/page1\": {\"2025-07-16T10:05:00Z\": 5, \"2025-07-16T11:59:59Z\": 3},"
            + " \"other.example/page1\": {\"2025-07-16T11:00:00Z\": 4}, \"example.com/page2\": {\"2025-07-16T10:00:00Z\": 7}}");
        assertEquals(0, run("generate", "--from-json", batch.toString()).exitCode());
        // live traffic: people a..e on two domains, a click, one user 12 minutes ago, bots of both rules
        Sql.execute(db, "INSERT INTO logs (time, domain, path, user_id, session_id, event_type, is_bot, bot_rule) VALUES "
            + "(now() - INTERVAL '1 minute', 'a.example', '/', 'a', 'a-s1', 'page_view', false, NULL),"
            + "(now() - INTERVAL '2 minutes', 'a.example', '/home', 'a', 'a-s1', 'page_view', false, NULL),"
            + "(now() - INTERVAL '50 minutes', 'a.example', '/home', 'a', 'a-s0', 'page_view', false, NULL),"
            + "(now() - INTERVAL '20 minutes', 'a.example', '/home', 'a', 'a-s2', 'page_view', false, NULL),"
            + "(now() - INTERVAL '3 minutes', 'a.example', '/home', 'b', 'b-s1', 'page_view', false, NULL),"
            + "(now() - INTERVAL '3 minutes', 'b.example', '/home', 'c', 'c-s1', 'page_view', false, NULL),"
            + "(now() - INTERVAL '4 minutes', 'b.example', '/', 'd', 'd-s1', 'click', false, NULL),"
            + "(now() - INTERVAL '12 minutes', 'b.example', '/', 'e', 'e-s1', 'page_view', false, NULL),"
            + "(now() - INTERVAL '1 minute', 'b.example', '/', 'crawler1', 'c1', 'page_view', true, 'user_agent')");
        Sql.execute(db, "INSERT INTO logs (time, domain, path, user_id, session_id, is_bot, bot_rule) "
            + "SELECT date_trunc('second', now()) - INTERVAL '2 minutes' + g * INTERVAL '1 millisecond', 'b.example', "
            + "'/cart', 'bot1', 'bot1-s1', true, 'rate' FROM generate_series(1, 12) g");
        // a day of one domain's traffic, hour by hour: 10 + i views in the i-th complete hour, one spike
        Sql.insertLogs(db, "INSERT INTO logs (time, domain, path, user_id) "
            + "SELECT date_trunc('hour', now()) - (24 - i) * INTERVAL '1 hour' + j * INTERVAL '1 second', 'stats.example', "
            + "'/', 'u' || j FROM generate_series(0, 23) i, generate_series(1, 10 + i + CASE WHEN i = 17 THEN 300 ELSE 0 END) j");
    }

    private static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--db-url");
        all.add(TestDatabase.url(db));
        return Cli.isolated().run(all.toArray(String[]::new));
    }

    private static List<JsonNode> jsonLines(Run run) throws Exception {
        assertEquals(0, run.exitCode(), run.toString());
        List<JsonNode> rows = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            rows.add(new ObjectMapper().readTree(line));
        }
        return rows;
    }

    @Test
    void hourlyIsSeed001sReportWithGapsAsZero() throws Exception {
        Run run = run("report", "hourly", "--page", "example.com/page1", "--now", "2025-07-16T12:30:00Z",
            "--order", "desc", "--take", "3", "--json");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode data = new ObjectMapper().readTree(run.out()).get("data");
        assertEquals("[{\"h\":12,\"v\":0},{\"h\":11,\"v\":3},{\"h\":10,\"v\":5}]",
            data.toString().replaceAll(",\"hour\":\"[^\"]+\"", ""));
        // the truth from the raw rows, every path /page1 on every domain, 24 hours, oldest first
        List<List<String>> truth = Sql.rows(db, "SELECT extract(hour FROM h AT TIME ZONE 'UTC')::text, "
            + "(SELECT count(*) FROM logs WHERE path = '/page1' AND time >= h AND time < h + INTERVAL '1 hour')::text "
            + "FROM generate_series('2025-07-15 13:00:00+00'::timestamptz, '2025-07-16 12:00:00+00', '1 hour') h ORDER BY h");
        Run all = run("report", "hourly", "--page", "/page1", "--now", "2025-07-16T12:00:00Z", "--csv");
        List<List<String>> csv = all.out().lines().skip(1).map(l -> List.of(l.split(",")[1], l.split(",")[2])).toList();
        assertEquals(truth, csv);
        assertEquals(24, csv.size());
    }

    @Test
    void hourlyHoursAreWholeHoursFromTheOneHoldingFromToTheLastStartingBeforeTo() throws Exception {
        // --now at 12:30: the 24 whole hours 13:00 the day before .. 12:00 (its own hour included)
        List<String> hours = run("report", "hourly", "--page", "/page1", "--now", "2025-07-16T12:30:00Z", "--csv")
            .out().lines().skip(1).map(l -> l.split(",")[0]).toList();
        assertEquals(24, hours.size());
        assertTrue(hours.get(0).equals("2025-07-15T13:00:00Z") && hours.get(23).equals("2025-07-16T12:00:00Z"), hours.toString());
        // --from 10:30 --to 12:00: the hours holding 10:30 and 11:59:59.999999, not the one of 12:00
        JsonNode data = new ObjectMapper().readTree(run("report", "hourly", "--page", "example.com/page1",
            "--from", "2025-07-16T10:30:00Z", "--to", "2025-07-16T12:00:00Z", "--json").out()).get("data");
        assertEquals("[{\"h\":10,\"v\":5},{\"h\":11,\"v\":3}]", data.toString().replaceAll(",\"hour\":\"[^\"]+\"", ""));
    }

    @Test
    void topStatsAndBotsTakeAPeriodFromTo() throws Exception {
        List<JsonNode> top = jsonLines(run("report", "top", "--from", "2025-07-16", "--to", "2025-07-17", "--json"));
        assertEquals(List.of("page example.com/page1 8", "page example.com/page2 7", "page other.example/page1 4",
                "domain example.com 15", "domain other.example 4"),
            top.stream().map(r -> r.get("kind").asText() + " " + r.get("name").asText() + " " + r.get("views").asLong()).toList());
        // six whole hours of stats.example: 10 + i views in the i-th hour of the day of traffic, i = 0..5
        String first = Sql.value(db, "SELECT to_char(date_trunc('hour', now()) - INTERVAL '24 hours', 'YYYY-MM-DD\"T\"HH24:00:00Z')");
        String end = Sql.value(db, "SELECT to_char(date_trunc('hour', now()) - INTERVAL '18 hours', 'YYYY-MM-DD\"T\"HH24:00:00Z')");
        JsonNode stats = jsonLines(run("stats", "--from", first, "--to", end, "--domain", "stats.example", "--json")).get(0);
        assertEquals(6, stats.get("hours").asLong());
        assertEquals(10 + 11 + 12 + 13 + 14 + 15, stats.get("total").asLong());
        assertEquals(1.0, stats.get("trend").asDouble(), 1e-9);
        // a long period counts a domain's hours from its first traffic: 24 hours, not 5,000 days of zeros
        JsonNode longAgo = jsonLines(run("stats", "--since", "5000d", "--domain", "stats.example", "--json")).get(0);
        assertEquals(24, longAgo.get("hours").asLong());
        assertEquals(1, longAgo.get("anomalies").asLong(), "the one spike, not every hour with traffic");
        assertEquals("[]", jsonLines(run("report", "bots", "--from", "2025-07-16", "--to", "2025-07-17", "--json"))
            .stream().filter(r -> r.get("events").asLong() > 0).toList().toString());
    }

    @Test
    void topPagesAndDomainsEqualDirectSql() throws Exception {
        // 30 minutes: the day of stats.example traffic starts whole hours back, so it stays out even
        // in the first seconds of an hour
        List<JsonNode> rows = jsonLines(run("report", "top", "--since", "30m", "--take", "2", "--json"));
        List<List<String>> truth = Sql.rows(db, "(SELECT 'page', domain || path, count(*)::text FROM logs "
            + "WHERE time >= now() - INTERVAL '30 minutes' AND event_type = 'page_view' AND NOT is_bot "
            + "GROUP BY domain, path ORDER BY count(*) DESC, 2 LIMIT 2) UNION ALL "
            + "(SELECT 'domain', domain, count(*)::text FROM logs WHERE time >= now() - INTERVAL '30 minutes' "
            + "AND event_type = 'page_view' AND NOT is_bot GROUP BY domain ORDER BY count(*) DESC, 2 LIMIT 2)");
        assertEquals(truth, rows.stream().map(r -> List.of(r.get("kind").asText(), r.get("name").asText(),
            r.get("views").asText())).toList());
        assertEquals("a.example/home", rows.get(0).get("name").asText());
    }

    @Test
    void activeAndCurrentCountDistinctPeopleWithAPageViewInFiveMinutes() throws Exception {
        long truth = Sql.number(db, "SELECT count(DISTINCT user_id) FROM logs WHERE time >= now() - INTERVAL '5 minutes' "
            + "AND event_type = 'page_view' AND NOT is_bot");
        assertEquals(3, truth, "a, b and c; d only clicked, e was 12 minutes ago, the rest are bots");
        assertEquals(truth, jsonLines(run("report", "active", "--json")).get(0).get("active_users").asLong());
        assertEquals(5, jsonLines(run("report", "active", "--json", "--include-bots")).get(0).get("active_users").asLong());
        List<JsonNode> current = jsonLines(run("report", "current", "--json"));
        assertEquals("all", current.get(0).get("domain").asText());
        assertEquals(truth, current.get(0).get("visitors").asLong());
        assertEquals(2, current.get(1).get("visitors").asLong(), "a.example: a and b");
        Run alert = run("report", "current", "--alert-above", "2");
        assertEquals(1, alert.exitCode(), alert.toString());
        assertTrue(alert.err().contains("3 visitors now, above 2"), alert.err());
        assertEquals(0, run("report", "current", "--alert-above", "3").exitCode());
        assertEquals(3, jsonLines(run("report", "active", "--json", "--source", "generated")).get(0).get("active_users").asLong());
        assertEquals(0, jsonLines(run("report", "active", "--json", "--source", "dns")).get(0).get("active_users").asLong());
        assertEquals(2, run("report", "active", "--source", "carrier-pigeon").exitCode());
        assertEquals(2, run("stats", "--source", "dns").exitCode());
        Run verbose = run("report", "active", "--verbose");
        assertTrue(verbose.err().contains("distinct user_id with a page_view in the last 5m"), verbose.err());
    }

    @Test
    void sessionsPerUserAndOneUsersTimeline() throws Exception {
        List<JsonNode> sessions = jsonLines(run("report", "sessions", "--json"));
        assertEquals("a", sessions.get(0).get("user_id").asText());
        assertEquals(4, sessions.get(0).get("events").asLong(), "no gap of more than 30 minutes in a's four events");
        assertEquals(Sql.number(db, "SELECT count(DISTINCT user_id) FROM logs WHERE NOT is_bot "
            + "AND time >= now() - INTERVAL '30 minutes'"), sessions.size());
        List<JsonNode> timeline = jsonLines(run("report", "sessions", "--user", "a", "--json"));
        assertEquals(1, timeline.size(), timeline.toString());
        assertEquals("a.example/home > a.example/home > a.example/home > a.example/", timeline.get(0).get("pages").asText());
        assertTrue(timeline.get(0).get("active").asBoolean());
    }

    @Test
    void botsAreCountedPerRule() throws Exception {
        List<JsonNode> bots = jsonLines(run("report", "bots", "--json"));
        assertEquals(List.of("rate 12 1", "user_agent 1 1", "all 13 2"), bots.stream()
            .map(r -> r.get("rule").asText() + " " + r.get("events").asLong() + " " + r.get("users").asLong()).toList());
    }

    @Test
    void statsEqualDirectSqlOverTheHours() throws Exception {
        JsonNode stats = jsonLines(run("stats", "--since", "1d", "--domain", "stats.example", "--json")).get(0);
        List<String> truth = Sql.rows(db, "WITH hours AS (SELECT h, extract(epoch FROM h - (date_trunc('hour', now()) "
            + "- INTERVAL '24 hours')) / 3600 AS x, (SELECT count(*) FROM logs WHERE domain = 'stats.example' "
            + "AND time >= h AND time < h + INTERVAL '1 hour')::float8 AS v FROM generate_series(date_trunc('hour', now()) "
            + "- INTERVAL '24 hours', date_trunc('hour', now()) - INTERVAL '1 hour', '1 hour') h) "
            + "SELECT count(*)::text, sum(v)::bigint::text, avg(v)::text, stddev_pop(v)::text, "
            + "percentile_cont(0.95) WITHIN GROUP (ORDER BY v)::text, max(v)::bigint::text, regr_slope(v, x)::text, "
            + "regr_r2(v, x)::text, (SELECT count(*) FROM hours, (SELECT avg(v) m, stddev_pop(v) s FROM hours) z "
            + "WHERE abs(v - z.m) / z.s > 2)::text FROM hours").get(0);
        assertEquals(24, stats.get("hours").asLong());
        assertEquals(Long.parseLong(truth.get(1)), stats.get("total").asLong());
        assertEquals(Double.parseDouble(truth.get(2)), stats.get("mean").asDouble(), 1e-9);
        assertEquals(Double.parseDouble(truth.get(3)), stats.get("stddev").asDouble(), 1e-9);
        assertEquals(Double.parseDouble(truth.get(4)), stats.get("p95").asDouble(), 1e-9);
        assertEquals(Long.parseLong(truth.get(5)), stats.get("max").asLong());
        assertEquals(Double.parseDouble(truth.get(6)), stats.get("trend").asDouble(), 1e-9);
        assertEquals(Double.parseDouble(truth.get(7)), stats.get("r2").asDouble(), 1e-9);
        assertEquals(1, stats.get("anomalies").asLong());
        assertEquals(Long.parseLong(truth.get(8)), stats.get("anomalies").asLong());
        assertEquals(stats.get("stddev").asDouble() / stats.get("mean").asDouble(), stats.get("volatility").asDouble(), 1e-9);
    }

    @Test
    void badReportArgumentsExit2() {
        String[][] cases = {{"report", "hourly", "--page", "nope page"}, {"report", "hourly", "--page", "/a", "--now", "noon"},
            {"report", "hourly", "--page", "/a", "--order", "up"}, {"report", "top", "--take", "0"},
            {"report", "top", "--since", "-1h"}, {"stats", "--since", "1h"}, {"stats", "--threshold", "0"},
            {"report", "current", "--alert-above", "-1"}, {"report"},
            {"report", "top", "--since", "1h", "--from", "2026-11-01"}, {"report", "top", "--to", "2026-11-01"},
            {"stats", "--from", "2026-11-02", "--to", "2026-11-01"}, {"report", "bots", "--from", "yesterday"},
            {"report", "hourly", "--page", "/a", "--now", "2025-07-16T12:00:00Z", "--from", "2025-07-16"}};
        for (String[] c : cases) {
            Run run = run(c);
            assertEquals(2, run.exitCode(), String.join(" ", c) + "\n" + run);
        }
    }
}
