package dev.webtop.monitor;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * `scripts/bench monitor`'s measuring part: the dashboard's full refresh, N times, beside the
 * original shell dashboard's three queries on the same data, in one run.
 * Usage: RefreshBenchmark URL [REFRESHES]
 */
public final class RefreshBenchmark {
    /** The original's monitor loop, reconstructed from its description: raw scans every refresh. */
    private static final List<String> ORIGINAL = List.of(
        "SELECT domain, count(*) AS hits FROM logs WHERE time > now() - INTERVAL '1 hour' "
            + "GROUP BY domain ORDER BY hits DESC LIMIT 10",
        "SELECT time, domain, path FROM logs ORDER BY time DESC LIMIT 5",
        "SELECT 'total', count(*) FROM logs UNION ALL "
            + "SELECT 'last minute', count(*) FROM logs WHERE time > now() - INTERVAL '1 minute' UNION ALL "
            + "SELECT 'domains', count(DISTINCT domain) FROM logs");
    private static final int ORIGINAL_RUNS = 5;

    private RefreshBenchmark() {
    }

    public static void main(String[] args) throws SQLException {
        DbTarget target = DbTarget.parse(args[0], "postgres", System.getenv("PGPASSWORD"), "website_tracker");
        int refreshes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        SnapshotCollector collector = new SnapshotCollector("bench", target.maskedUrl());
        try (Connection connection = Database.connect(target)) {
            DashboardState state = DashboardState.initial(java.time.Duration.ofSeconds(1), Window.ONE_MINUTE);
            collector.collect(connection, state); // warm-up: plans and caches
            List<Double> dashboard = new ArrayList<>();
            DashboardSnapshot last = null;
            for (int i = 0; i < refreshes; i++) {
                long started = System.nanoTime();
                last = collector.collect(connection, state);
                dashboard.add((System.nanoTime() - started) / 1e6);
            }
            List<Double> original = new ArrayList<>();
            for (int i = 0; i < ORIGINAL_RUNS; i++) {
                long started = System.nanoTime();
                for (String query : ORIGINAL) {
                    try (Statement statement = connection.createStatement();
                         ResultSet rows = statement.executeQuery(query)) {
                        while (rows.next()) {
                            rows.getString(1);
                        }
                    }
                }
                original.add((System.nanoTime() - started) / 1e6);
            }
            double median = percentile(dashboard, 50);
            double originalMedian = percentile(original, 50);
            System.out.printf(Locale.ROOT, "rows in logs             %,d%n", count(connection));
            System.out.printf(Locale.ROOT, "domains on the dashboard %,d (the %,d busiest read per refresh)%n",
                last.domainsTotal(), last.domains().size());
            System.out.printf(Locale.ROOT, "dashboard full refresh   median %8.1f ms  p95 %8.1f ms  (%d runs)%n",
                median, percentile(dashboard, 95), refreshes);
            System.out.printf(Locale.ROOT, "  per query (last run)   %s%n", last.queryMillis());
            System.out.printf(Locale.ROOT, "original three queries   median %8.1f ms  p95 %8.1f ms  (%d runs)%n",
                originalMedian, percentile(original, 95), ORIGINAL_RUNS);
            System.out.printf(Locale.ROOT, "ratio original/dashboard %8.1fx   target: median <= 20 ms%n",
                originalMedian / median);
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM logs")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
