package dev.webtop.alert;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import dev.webtop.support.Receiver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * scripts/bench alerts: what alerting costs. (1) Storing a pass of 1,000 checks with a rule of
 * each probe kind watching every target, beside the same pass with no rule (median of 15 passes
 * each, alternating). (2) Sending 2,000 messages through the outbox to a loopback receiver (a
 * transaction per message: claim, send, mark), beside the same 2,000 POSTs sent straight.
 */
public final class AlertBenchmark {
    private static final int TARGETS = 1000;
    private static final int PASSES = 15;
    private static final int MESSAGES = 2000;

    public static void main(String[] args) throws Exception {
        DbTarget db = DbTarget.parse(args[0], "postgres", System.getenv("PGPASSWORD"), "website_tracker");
        try (Connection connection = Database.connect(db)) {
            execute(connection, "DELETE FROM alert_rules; DELETE FROM alert_outbox; DELETE FROM alert_channels; "
                + "TRUNCATE probe_results, probe_hourly, probe_state, probe_incidents");
            execute(connection, "INSERT INTO alert_channels (name, kind, url) VALUES ('bench', 'webhook', 'http://127.0.0.1:1/')");
            storing(connection);
            execute(connection, "DELETE FROM alert_rules; DELETE FROM alert_outbox; DELETE FROM alert_channels");
        }
        sending(db);
    }

    private static void storing(Connection connection) throws SQLException {
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(3600);
        try (PreparedStatement store = connection.prepareStatement("SELECT webtop_store_probes(?::jsonb, false)")) {
            for (int pass = 0; pass < 2 * PASSES + 2; pass++) {
                boolean rules = pass % 2 == 1;
                execute(connection, rules
                    ? "INSERT INTO alert_rules (kind, checks, days) VALUES ('down', NULL, NULL), ('slow', 3, NULL), "
                        + "('certificate', NULL, 14); INSERT INTO alert_routes SELECT id, 'bench' FROM alert_rules"
                    : "DELETE FROM alert_rules");
                store.setString(1, batch(start.plusSeconds(30L * pass), pass));
                long began = System.nanoTime();
                store.execute();
                double millis = (System.nanoTime() - began) / 1e6;
                if (pass >= 2) {   // the first two warm plans and caches
                    (rules ? with : without).add(millis);
                }
            }
        }
        double a = median(with);
        double b = median(without);
        System.out.printf(Locale.ROOT, "storing a pass of %,d checks, median of %d: with 3 rules on every target "
            + "%.1f ms, without rules %.1f ms (with / without: %.2f)%n", TARGETS, PASSES, a, b, a / b);
    }

    /** A pass: every target checked once, ok but for a few that fail and a few with a certificate near its end. */
    private static String batch(Instant at, int pass) {
        StringBuilder json = new StringBuilder("[");
        for (int t = 0; t < TARGETS; t++) {
            boolean failing = t % 50 == pass % 50;
            json.append(t == 0 ? "" : ",").append("{\"time\":\"").append(at.plusMillis(t)).append("\",\"location\":\"bench\",")
                .append("\"target\":\"https://t").append(t).append(".bench.example/\",\"outcome\":\"")
                .append(failing ? "connect_refused" : "ok").append("\",\"responsive\":").append(!failing)
                .append(",\"total_ms\":").append(40 + t % 17).append(",\"cert_not_after\":\"")
                .append(at.plusSeconds(86_400L * (t % 100 == 0 ? 10 : 90))).append("\"}");
        }
        return json.append("]").toString();
    }

    private static void sending(DbTarget db) throws Exception {
        try (Receiver receiver = Receiver.start(); Connection connection = Database.connect(db)) {
            execute(connection, "INSERT INTO alert_channels (name, kind, url) VALUES ('bench', 'webhook', '"
                + receiver.url("/hook") + "')");
            execute(connection, "INSERT INTO alert_outbox (channel, event, kind, subject, summary, occurred_at) "
                + "SELECT 'bench', 'firing', 'down', 'https://t' || g || '.bench.example/', 'bench message ' || g, now() "
                + "FROM generate_series(1, " + MESSAGES + ") g");
            double outbox;
            try (AlertDispatcher dispatcher = new AlertDispatcher(() -> db)) {
                long began = System.nanoTime();
                int sent = dispatcher.dispatch().sent();
                outbox = sent / ((System.nanoTime() - began) / 1e9);
                if (sent != MESSAGES || receiver.requests().size() != MESSAGES) {
                    throw new IllegalStateException("sent " + sent + ", received " + receiver.requests().size());
                }
            }
            List<String> bodies = receiver.requests().stream().map(Receiver.Request::body).toList();
            OkHttpClient http = new OkHttpClient();
            long began = System.nanoTime();
            for (String body : bodies) {
                try (Response response = http.newCall(new Request.Builder().url(receiver.url("/straight"))
                    .post(RequestBody.create(body, WebhookSender.JSON)).build()).execute()) {
                    response.body().string();
                }
            }
            double straight = MESSAGES / ((System.nanoTime() - began) / 1e9);
            http.dispatcher().executorService().shutdown();
            System.out.printf(Locale.ROOT, "sending %,d messages to a loopback webhook: through the outbox %,.0f/s, "
                + "POSTed straight %,.0f/s (outbox / straight: %.2f)%n", MESSAGES, outbox, straight, outbox / straight);
            execute(connection, "DELETE FROM alert_outbox; DELETE FROM alert_channels");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
