package dev.webtop.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.HttpCalls;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /metrics in Prometheus' text format: what it says equals the database and the collector's own
 * answers, probes look like blackbox_exporter's, and per-domain series stay bounded.
 */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+(?:\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);

    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    @Test
    void metricsSayWhatTheDatabaseAndTheCollectorKnow() {
        DbTarget db = TestDatabase.withPipeline();
        // 120 domains with 1..120 views in the last minute, and a probe target checked twice
        List<String> events = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(90);
        for (int d = 1; d <= 120; d++) {
            for (int v = 0; v < d; v++) {
                events.add("{\"timestamp\":\"" + now.plusMillis(v) + "\",\"user_id\":\"u" + d + "-" + v + "\",\"event_type\":\"page_view\","
                    + "\"page_url\":\"https://d" + d + ".example.com/\",\"session_id\":\"s\"}");
            }
        }
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '1 minute' AS time, 'lab' AS location, 'https://shop.example/' AS target, "
            + "'ok' AS outcome, true AS responsive, 420.0 AS total_ms, 12.0 AS dns_ms, 30.0 AS connect_ms, 80.0 AS tls_ms, "
            + "300.0 AS ttfb_ms, 120.0 AS transfer_ms, 200 AS status, '2027-01-01 00:00:00+00'::timestamptz AS cert_not_after "
            + "FROM generate_series(1, 2) g");
        try (Service service = Service.start(db, Service.Options.on(0), m -> { }, m -> { })) {
            HttpCalls http = new HttpCalls(service.port());
            HttpCalls.Answer stored = http.postJson("/events", "[" + String.join(",", events) + "]");
            assertEquals(200, stored.status(), stored.toString());
            http.postJson("/events", "[{\"timestamp\":\"yesterday\"}]");
            http.postJson("/page-views/single", "{\"page\": \"not a page\"}");
            Sql.execute(db, "SELECT webtop_refresh_current()");

            HttpCalls.Answer answer = http.get("/metrics");
            assertEquals(200, answer.status());
            assertTrue(answer.header("Content-Type").startsWith("text/plain; version=0.0.4"), answer.header("Content-Type"));
            Map<String, Double> samples = samples(answer.body());

            long total = Sql.number(db, "SELECT count(*) FROM logs");
            assertEquals(7260, total);
            assertEquals(total, samples.get("webtop_serve_events_stored_total").longValue());
            assertEquals(1.0, samples.get("webtop_serve_events_skipped_total{reason=\"missing_user_id\"}"));
            assertEquals(1.0, samples.get("webtop_serve_requests_refused_total{reason=\"bad_input\"}"));
            assertEquals(4.0, samples.get("webtop_serve_requests_total"), "three before, and this scrape");
            assertTrue(samples.get("webtop_serve_commit_duration_seconds_count") >= 1);
            assertEquals(0.0, samples.get("webtop_serve_queued_events"));
            assertEquals(1.0, samples.get("webtop_database_up"));

            assertEquals((double) total, samples.get("webtop_requests_last_hour"));
            assertEquals(120.0, samples.get("webtop_domains_active"));
            long perDomain = samples.keySet().stream().filter(k -> k.startsWith("webtop_domain_requests_last_hour{")).count();
            assertEquals(Metrics.TOP_DOMAINS, perDomain, "one series per domain for the busiest only");
            assertEquals(120.0, samples.get("webtop_domain_requests_last_hour{domain=\"d120.example.com\"}"));
            assertEquals(21.0, samples.get("webtop_domain_requests_last_hour{domain=\"d21.example.com\"}"));
            assertFalse(samples.containsKey("webtop_domain_requests_last_hour{domain=\"d20.example.com\"}"));

            String target = "{location=\"lab\",target=\"https://shop.example/\"}";
            assertEquals(1.0, samples.get("probe_success" + target));
            assertEquals(0.42, samples.get("probe_duration_seconds" + target), 1e-9);
            assertEquals(200.0, samples.get("probe_http_status_code" + target));
            assertEquals(1798761600.0, samples.get("probe_ssl_earliest_cert_expiry" + target));
            assertEquals(0.012, samples.get("probe_http_duration_seconds{location=\"lab\",phase=\"resolve\",target=\"https://shop.example/\"}"), 1e-9);
            assertEquals(0.05, samples.get("probe_http_duration_seconds{location=\"lab\",phase=\"tls\",target=\"https://shop.example/\"}"), 1e-9);
            assertEquals(0.22, samples.get("probe_http_duration_seconds{location=\"lab\",phase=\"processing\",target=\"https://shop.example/\"}"), 1e-9);
            assertEquals(0.0, samples.get("webtop_probe_down" + target));
            assertTrue(answer.body().contains("# TYPE webtop_serve_events_stored_total counter"), answer.body());
        }
    }
}
