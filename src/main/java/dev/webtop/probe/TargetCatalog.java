package dev.webtop.probe;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The targets kept in the database (probe_targets), each with its own rules. */
public final class TargetCatalog {
    private final DbTarget target;

    public TargetCatalog(DbTarget target) {
        this.target = target;
    }

    /** Adds a target, or replaces the rules of one already kept; the target was checked by the caller. */
    public void add(ProbeTarget probe) {
        String sql = """
            INSERT INTO probe_targets (url, match, no_match, expect_status, max_latency_ms, min_cert_days)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (url) DO UPDATE
                SET match = EXCLUDED.match, no_match = EXCLUDED.no_match,
                    expect_status = EXCLUDED.expect_status, max_latency_ms = EXCLUDED.max_latency_ms,
                    min_cert_days = EXCLUDED.min_cert_days
            """;
        Database.run(target, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, probe.url().toString());
                statement.setArray(2, connection.createArrayOf("text", patterns(probe.match())));
                statement.setArray(3, connection.createArrayOf("text", patterns(probe.noMatch())));
                statement.setString(4, probe.expectStatus().text());
                statement.setObject(5, probe.maxLatency() == null ? null : (int) probe.maxLatency().toMillis(), Types.INTEGER);
                statement.setObject(6, probe.minCertDays(), Types.INTEGER);
                return statement.executeUpdate();
            }
        });
    }

    /** Removes a target; false when it was not kept. */
    public boolean remove(String url) {
        return Database.run(target, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM probe_targets WHERE url = ?")) {
                statement.setString(1, url);
                if (statement.executeUpdate() == 1) {
                    return true;
                }
                statement.setString(1, url + "/");
                return statement.executeUpdate() == 1;
            }
        });
    }

    public List<ProbeTarget> list() {
        return Database.run(target, connection -> {
            List<ProbeTarget> targets = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                     "SELECT url, match, no_match, expect_status, max_latency_ms, min_cert_days FROM probe_targets ORDER BY url");
                 ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Integer latency = (Integer) row.getObject(5);
                    targets.add(ProbeTarget.of(row.getString(1), StatusSet.parse(row.getString(4)),
                            Arrays.asList((String[]) row.getArray(2).getArray()),
                            Arrays.asList((String[]) row.getArray(3).getArray()),
                            latency == null ? null : Duration.ofMillis(latency), "probe_targets")
                        .withMinCertDays((Integer) row.getObject(6)));
                }
            }
            return targets;
        });
    }

    private static String[] patterns(List<Pattern> patterns) {
        return patterns.stream().map(Pattern::pattern).toArray(String[]::new);
    }
}
