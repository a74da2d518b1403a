package dev.webtop.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * scripts/bench kafka, end to end: `serve --kafka` takes RATE page views a second (a batch of
 * RATE/100 every 10 ms) while markers, one page view each, go through the same collector, Kafka
 * and `record`; each marker's latency is from its request to the moment its row can be read
 * committed (polled every 5 ms). Args: SERVE_PORT JDBC_URL RATE SECONDS; the password comes in
 * PGPASSWORD, never on the command line.
 */
public final class LatencyBenchmark {
    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String jdbc = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        })).build();
        URI multi = URI.create("http://127.0.0.1:" + port + "/page-views/multi");
        URI single = URI.create("http://127.0.0.1:" + port + "/page-views/single");
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        int perBatch = rate / 100;
        load.scheduleAtFixedRate(() -> {
            String now = Instant.now().toString();
            StringBuilder body = new StringBuilder("{");
            for (int page = 0; page < 10; page++) {
                body.append(page == 0 ? "" : ",").append("\"load.bench/p").append(page).append("\":{\"").append(now)
                    .append("\":").append(perBatch / 10).append('}');
            }
            body.append('}');
            http.sendAsync(post(multi, body.toString()), HttpResponse.BodyHandlers.ofString()).thenAccept(answer -> {
                if (answer.statusCode() == 201) {
                    acknowledged.addAndGet(perBatch / 10 * 10);
                } else {
                    refused.incrementAndGet();
                }
            });
        }, 0, 10, TimeUnit.MILLISECONDS);

        List<Double> latencies = new ArrayList<>();
        long started = System.nanoTime();
        long end = started + Duration.ofSeconds(seconds).toNanos();
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", System.getenv("PGPASSWORD"));
             PreparedStatement visible = db.prepareStatement(
                 "SELECT 1 FROM logs WHERE domain = 'marker.bench' AND path = ? AND time > now() - INTERVAL '1 hour'")) {
            Thread.sleep(2000);   // the load settles first
            for (int i = 0; System.nanoTime() < end; i++) {
                long sent = System.nanoTime();
                HttpResponse<String> answer = http.send(post(single, "{\"page\": \"marker.bench/m" + i + "\"}"),
                    HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 201) {
                    continue;
                }
                visible.setString(1, "/m" + i);
                while (System.nanoTime() - sent < Duration.ofSeconds(10).toNanos()) {
                    try (ResultSet row = visible.executeQuery()) {
                        if (row.next()) {
                            latencies.add((System.nanoTime() - sent) / 1e6);
                            break;
                        }
                    }
                    Thread.sleep(5);
                }
                Thread.sleep(Math.max(0, 100 - (System.nanoTime() - sent) / 1_000_000));
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        load.shutdownNow();
        Collections.sort(latencies);
        System.out.printf(Locale.ROOT, "serve --kafka at %,d page views/s offered: %,.0f/s acknowledged, %d batches "
                + "refused; request to committed row over %d markers: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
            rate, acknowledged.get() / elapsed, refused.get(), latencies.size(), percentile(latencies, 0.50),
            percentile(latencies, 0.99), latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1));
        System.exit(0);   // the HTTP client's selector thread would keep the JVM alive
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
