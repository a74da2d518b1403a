package dev.webtop.serve;

import dev.webtop.alert.AlertDispatcher;
import dev.webtop.db.ConnectionPool;
import dev.webtop.db.SqlResources;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * GET /metrics in Prometheus' text format: the collector's own counters (requests, events stored,
 * skipped and refused by reason, commit latency, events waiting), whether the database answers,
 * traffic per domain for the busiest domains and in all (one row per domain from domain_current,
 * never raw rows), each probe target's latest check shaped like blackbox_exporter's, and job
 * health. Names follow Prometheus' conventions: a webtop_ prefix (probe_ for the blackbox
 * shapes), base units, _total for counters; labels only of bounded sets.
 */
final class Metrics {
    /** Domains with a series of their own; the rest count only in the totals. */
    static final int TOP_DOMAINS = 100;
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ServeCounters counters;
    private final ConnectionPool reads;
    private final LongSupplier queued;
    private final AlertDispatcher alerts;

    Metrics(ServeCounters counters, ConnectionPool reads, LongSupplier queued, AlertDispatcher alerts) {
        this.counters = counters;
        this.reads = reads;
        this.queued = queued;
        this.alerts = alerts;
        registry.register(counters.commitSeconds());
        registry.register(this::service);
        registry.register(this::database);
    }

    CompletableFuture<Void> scrape(Exchange exchange) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream(16 * 1024);
        TEXT.write(text, registry.scrape());
        exchange.sendRaw(200, PrometheusTextFormatWriter.CONTENT_TYPE, text.toByteArray());
        return CompletableFuture.completedFuture(null);
    }

    private MetricSnapshots service() {
        return new MetricSnapshots(
            counter("webtop_serve_requests", "HTTP requests the service answered.", Map.of(Labels.EMPTY, counters.requests())),
            counter("webtop_serve_events_stored", "Events committed to the database (each is a row of logs).",
                Map.of(Labels.EMPTY, counters.storedEvents())),
            counter("webtop_serve_events_skipped", "Events left out of accepted requests, by reason.",
                byLabel("reason", counters.skippedByReason())),
            counter("webtop_serve_requests_refused", "Requests answered with an error, by reason.",
                byLabel("reason", counters.refusedByReason())),
            gauge("webtop_serve_queued_events", "Events waiting to be committed.", Map.of(Labels.EMPTY, (double) queued.getAsLong())),
            counter("webtop_alerts_sent", "Alert messages this service sent (to any channel).", Map.of(Labels.EMPTY, alerts.sent())),
            counter("webtop_alert_send_failures", "Attempts to send an alert message that its receiver refused or did "
                + "not answer (the message is retried).", Map.of(Labels.EMPTY, alerts.refused())));
    }

    /** What the database says; when it does not answer, only webtop_database_up 0. */
    private MetricSnapshots database() {
        try {
            return reads.run(this::fromDatabase);
        } catch (SQLException e) {
            return new MetricSnapshots(up(0));
        }
    }

    private MetricSnapshots fromDatabase(Connection connection) throws SQLException {
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(up(1));
        Map<Labels, Double> minute = new LinkedHashMap<>();
        Map<Labels, Double> hour = new LinkedHashMap<>();
        query(connection, "domains.sql", rows -> {
            Labels domain = Labels.of("domain", rows.getString("domain"));
            minute.put(domain, rows.getDouble("hits_1m"));
            hour.put(domain, rows.getDouble("hits_1h"));
        }, TOP_DOMAINS);
        all.add(gauge("webtop_domain_requests_last_minute", "Requests of the last complete minute, per domain "
            + "(the " + TOP_DOMAINS + " busiest of the last hour).", minute));
        all.add(gauge("webtop_domain_requests_last_hour", "Requests of the last hour, per domain (the "
            + TOP_DOMAINS + " busiest).", hour));
        query(connection, "totals.sql", rows -> {
            all.add(gauge("webtop_requests_last_minute", "Requests of the last complete minute, all domains.",
                Map.of(Labels.EMPTY, rows.getDouble("hits_1m"))));
            all.add(gauge("webtop_requests_last_hour", "Requests of the last hour, all domains.",
                Map.of(Labels.EMPTY, rows.getDouble("hits_1h"))));
            all.add(gauge("webtop_domains_active", "Domains with requests in the last day.",
                Map.of(Labels.EMPTY, rows.getDouble("domains"))));
        });
        all.addAll(probes(connection));
        all.addAll(jobs(connection));
        all.addAll(kafka(connection));
        query(connection, "alerts.sql", rows -> {
            all.add(gauge("webtop_probe_open_incidents", "Incidents open now (a target down at a location).",
                Map.of(Labels.EMPTY, rows.getDouble("open_incidents"))));
            all.add(gauge("webtop_alerts_firing", "Alerts firing now, by whether they were sent or silenced.",
                Map.of(Labels.of("state", "told"), rows.getDouble("firing"),
                       Labels.of("state", "silenced"), rows.getDouble("silenced"))));
            all.add(gauge("webtop_alert_messages", "Alert messages in the outbox waiting to be sent (pending) or given "
                + "up (failed).", Map.of(Labels.of("state", "pending"), rows.getDouble("pending"),
                    Labels.of("state", "failed"), rows.getDouble("failed"))));
        });
        return new MetricSnapshots(all);
    }

    private List<MetricSnapshot> probes(Connection connection) throws SQLException {
        Map<Labels, Double> success = new LinkedHashMap<>();
        Map<Labels, Double> duration = new LinkedHashMap<>();
        Map<Labels, Double> phases = new LinkedHashMap<>();
        Map<Labels, Double> status = new LinkedHashMap<>();
        Map<Labels, Double> expiry = new LinkedHashMap<>();
        Map<Labels, Double> down = new LinkedHashMap<>();
        query(connection, "probes.sql", rows -> {
            Labels target = Labels.of("location", rows.getString("location"), "target", rows.getString("target"));
            success.put(target, rows.getBoolean("success") ? 1.0 : 0.0);
            duration.put(target, rows.getDouble("duration"));
            for (String phase : List.of("resolve", "connect", "tls", "processing", "transfer")) {
                double seconds = rows.getDouble(phase);
                if (!rows.wasNull()) {
                    phases.put(target.add("phase", phase), seconds);
                }
            }
            int code = rows.getInt("status");
            status.put(target, rows.wasNull() ? 0.0 : code);
            double notAfter = rows.getDouble("cert_expiry");
            if (!rows.wasNull()) {
                expiry.put(target, notAfter);
            }
            down.put(target, rows.getString("state").equals("down") ? 1.0 : 0.0);
        });
        return List.of(
            gauge("probe_success", "Whether the target's latest check succeeded (1) or not (0).", success),
            gauge("probe_duration_seconds", "How long the target's latest check took.", duration),
            gauge("probe_http_duration_seconds", "Each phase of the latest check: resolve, connect, tls, processing "
                + "(to the first byte), transfer.", phases),
            gauge("probe_http_status_code", "The latest check's HTTP status (0 when none came back).", status),
            gauge("probe_ssl_earliest_cert_expiry", "When the certificate chain's first certificate expires, in Unix seconds.",
                expiry),
            gauge("webtop_probe_down", "Whether the target is down at that location (after probe.down_after failures).",
                down));
    }

    private List<MetricSnapshot> jobs(Connection connection) throws SQLException {
        Map<Labels, Double> lastRun = new LinkedHashMap<>();
        Map<Labels, Double> lastSucceeded = new LinkedHashMap<>();
        Map<Labels, Double> failures = new LinkedHashMap<>();
        query(connection, "jobs.sql", rows -> {
            Labels job = Labels.of("job", rows.getString("name"));
            double at = rows.getDouble("last_run");
            if (!rows.wasNull()) {
                lastRun.put(job, at);
            }
            String last = rows.getString("last_status");
            if (last != null) {
                lastSucceeded.put(job, last.equals("succeeded") ? 1.0 : 0.0);
            }
            failures.put(job, rows.getDouble("failures"));
        });
        return List.of(
            gauge("webtop_job_last_run_timestamp_seconds", "When the job last started, in Unix seconds.", lastRun),
            gauge("webtop_job_last_run_success", "Whether the job's last finished run succeeded (1) or failed (0).",
                lastSucceeded),
            counterOfDoubles("webtop_job_failures", "Failed runs of the job.", failures));
    }

    private List<MetricSnapshot> kafka(Connection connection) throws SQLException {
        Map<Labels, Double> lag = new LinkedHashMap<>();
        Map<Labels, Double> checked = new LinkedHashMap<>();
        query(connection, "kafka.sql", rows -> {
            Labels topic = Labels.of("topic", rows.getString("topic"), "group", rows.getString("group_id"));
            lag.put(topic, rows.getDouble("lag"));
            checked.put(topic, rows.getDouble("checked_at"));
        });
        if (lag.isEmpty()) {
            return List.of();
        }
        return List.of(
            gauge("webtop_kafka_lag_messages", "Messages of the topic `webtop record` has not stored yet.", lag),
            gauge("webtop_kafka_lag_checked_timestamp_seconds", "When the recorder last looked at the topic's end "
                + "offsets, in Unix seconds.", checked));
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private static void query(Connection connection, String name, RowReader reader, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(Metrics.class, "metrics/" + name))) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        }
    }

    private static MetricSnapshot up(int value) {
        return gauge("webtop_database_up", "Whether the database answers the service (1) or not (0).",
            Map.of(Labels.EMPTY, (double) value));
    }

    private static Map<Labels, Long> byLabel(String name, Map<String, Long> counts) {
        Map<Labels, Long> points = new LinkedHashMap<>();
        counts.forEach((value, count) -> points.put(Labels.of(name, value), count));
        return points;
    }

    private static GaugeSnapshot gauge(String name, String help, Map<Labels, Double> points) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        points.forEach((labels, value) -> gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
        return gauge.build();
    }

    private static CounterSnapshot counter(String name, String help, Map<Labels, Long> points) {
        Map<Labels, Double> doubles = new LinkedHashMap<>();
        points.forEach((labels, value) -> doubles.put(labels, value.doubleValue()));
        return counterOfDoubles(name, help, doubles);
    }

    private static CounterSnapshot counterOfDoubles(String name, String help, Map<Labels, Double> points) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        points.forEach((labels, value) -> counter.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
        return counter.build();
    }
}
