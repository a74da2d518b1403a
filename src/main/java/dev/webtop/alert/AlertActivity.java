package dev.webtop.alert;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What is going on: the alerts firing now and the outbox's messages, as `webtop alert list` shows them. */
public final class AlertActivity {
    private final DbTarget target;

    public AlertActivity(DbTarget target) {
        this.target = target;
    }

    /** What fires now, oldest first: rule, kind, subject, since, summary, and whether it was told. */
    public List<Map<String, Object>> firing() {
        return Database.run(target, connection -> {
            List<Map<String, Object>> firing = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                SELECT f.rule_id, r.kind, f.subject, f.since, f.summary, f.notified
                  FROM alert_firing f JOIN alert_rules r ON r.id = f.rule_id
                 ORDER BY f.since, f.rule_id, f.subject
                """);
                 ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Map<String, Object> alert = new LinkedHashMap<>();
                    alert.put("rule_id", row.getLong(1));
                    alert.put("kind", row.getString(2));
                    alert.put("subject", row.getString(3));
                    alert.put("since", row.getTimestamp(4).toInstant().toString());
                    alert.put("summary", row.getString(5));
                    alert.put("told", row.getBoolean(6));
                    firing.add(alert);
                }
            }
            return firing;
        });
    }

    /** Messages in the outbox by state: pending, sent, failed. */
    public Map<String, Long> outbox() {
        return Database.run(target, connection -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("pending", 0L);
            counts.put("sent", 0L);
            counts.put("failed", 0L);
            try (PreparedStatement statement = connection.prepareStatement(
                     "SELECT state, count(*) FROM alert_outbox GROUP BY state");
                 ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
            return counts;
        });
    }

    /** A channel whose messages wait: how many, since when, the next attempt and the receiver's last refusal. */
    public record Waiting(String channel, long messages, Instant oldest, Instant nextAttempt, String lastError) {
    }

    /** The channels with pending messages, the longest waiting first. */
    public List<Waiting> waiting() {
        return Database.run(target, connection -> {
            List<Waiting> waiting = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                SELECT channel, count(*), min(created_at), min(next_attempt_at),
                       (array_agg(last_error ORDER BY id) FILTER (WHERE last_error IS NOT NULL))[1]
                  FROM alert_outbox WHERE state = 'pending'
                 GROUP BY channel ORDER BY 3
                """);
                 ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    waiting.add(new Waiting(row.getString(1), row.getLong(2), row.getTimestamp(3).toInstant(),
                        row.getTimestamp(4).toInstant(), row.getString(5)));
                }
            }
            return waiting;
        });
    }
}
