package dev.webtop.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webtop.config.DbTarget;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The status page, its JSON and the badges: each target's state (maintenance when silenced),
 * uptime from every check, 90 daily bars, incidents with their cause; public only when asked.
 */
class StatusPageTest {
    private static final String TOKEN = "status-page-test-token";

    /** shop.example: fine three days ago but for one failure, down for two minutes now; blog.example: up, silenced. */
    private static DbTarget history() {
        DbTarget db = TestDatabase.withPipeline();
        ProbeRows.store(db, "SELECT now() - INTERVAL '3 days' + g * INTERVAL '1 minute' AS time, 'lab' AS location, "
            + "'https://shop.example/' AS target, (ARRAY['ok', 'http_status', 'ok', 'ok'])[g] AS outcome, "
            + "true AS responsive, 50 AS total_ms FROM generate_series(1, 4) g");
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '1 minute' AS time, 'lab' AS location, "
            + "'https://shop.example/' AS target, 'connect_refused' AS outcome, false AS responsive, 3 AS total_ms, "
            + "'connection refused' AS detail FROM generate_series(1, 2) g");
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '1 minute' AS time, 'lab' AS location, "
            + "'https://blog.example/' AS target, 'ok' AS outcome, true AS responsive, 40 AS total_ms "
            + "FROM generate_series(1, 2) g");
        Sql.execute(db, "INSERT INTO alert_silences (target, starts_at, ends_at, reason) "
            + "VALUES ('https://blog.example/', now() - INTERVAL '1 hour', now() + INTERVAL '1 hour', 'moving')");
        return db;
    }

    private static String badge(HttpCalls http, String path) {
        HttpCalls.Answer answer = http.get(path);
        assertEquals(200, answer.status(), answer.toString());
        assertEquals("image/svg+xml; charset=utf-8", answer.header("Content-Type"));
        Matcher label = Pattern.compile("aria-label=\"([^\"]*)\"").matcher(answer.body());
        assertTrue(label.find(), answer.body());
        return label.group(1);
    }

    @Test
    void aPublicStatusPageShowsStatesUptimeBarsAndIncidentsWithoutTheToken() {
        DbTarget db = history();
        try (Service service = Service.start(db, Service.Options.on(0).withToken(TOKEN).withPublicStatus()
            .withStatusTitle("Shop & Co <status>"), m -> { }, m -> { })) {
            HttpCalls anyone = new HttpCalls(service.port());
            HttpCalls.Answer page = anyone.get("/status");
            assertEquals(200, page.status(), page.toString());
            String html = page.body();
            assertTrue(html.contains("<title>Shop &amp; Co &lt;status&gt;</title>"), "its title, escaped");
            assertTrue(html.contains("id=\"overall\">1 of 2 targets down<"), html);
            assertTrue(html.contains("data-target=\"https://shop.example/\"><span class=\"pill down\">down</span>"), html);
            assertTrue(html.contains("data-target=\"https://blog.example/\"><span class=\"pill maintenance\">maintenance</span>"), html);
            assertEquals(2 * 90, count(html, "<rect "), "90 daily bars a target");
            assertTrue(html.contains("50.000 % up over 90 days"), "3 of shop's 6 checks were up: " + html);
            assertTrue(html.contains("<tr class=\"open\"><td>https://shop.example/</td><td>lab</td>"), html);
            assertTrue(html.contains("connect_refused: connection refused"), html);

            JsonNode board = anyone.get("/status.json").json();
            assertEquals(2, board.path("targets").size());
            JsonNode shop = board.path("targets").get(1);
            assertEquals("https://shop.example/", shop.path("target").asText());
            assertEquals("down", shop.path("state").asText());
            assertEquals(50.0, shop.path("uptime_percent").asDouble(), 1e-9);
            assertEquals(90, shop.path("days").size());
            assertEquals(4, shop.path("days").get(86).path("checks").asInt(), "three days ago");
            assertEquals(1, board.path("incidents").size());

            assertEquals("status: down", badge(anyone, "/badge/status/shop.example.svg"));
            assertEquals("uptime 7d: 50.00%", badge(anyone, "/badge/uptime/shop.example.svg?days=7"));
            assertEquals("uptime 1d: 0.00%", badge(anyone, "/badge/uptime.svg?target=https://shop.example/&days=1"));
            assertEquals("status: maintenance", badge(anyone, "/badge/status/blog.example.svg"));
            assertEquals("status: unknown", badge(anyone, "/badge/status/nowhere.example.svg"));
            HttpCalls.Answer bad = anyone.get("/badge/uptime/shop.example.svg?days=365");
            assertEquals(400, bad.status());
            assertEquals("days must be a whole number from 1 to 90, not '365'", bad.json().path("error").asText());

            assertEquals(401, anyone.get("/metrics").status(), "only the status page is public");
            String metrics = new HttpCalls(service.port()).token(TOKEN).get("/metrics").body();
            assertTrue(metrics.contains("\nwebtop_probe_open_incidents 1.0\n"), metrics);
        }
    }

    @Test
    void withATokenTheStatusPageIsPrivateUnlessAsked() {
        DbTarget db = history();
        try (Service service = Service.start(db, Service.Options.on(0).withToken(TOKEN), m -> { }, m -> { })) {
            assertEquals(401, new HttpCalls(service.port()).get("/status").status());
            assertEquals(401, new HttpCalls(service.port()).get("/badge/status/shop.example.svg").status());
            assertEquals(200, new HttpCalls(service.port()).token(TOKEN).get("/status").status());
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
