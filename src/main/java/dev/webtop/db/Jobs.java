package dev.webtop.db;

import dev.webtop.config.DbTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** webtop's jobs through the job adapter: listing them, removing traffic patterns. */
public final class Jobs {
    private static final String LIST = """
        SELECT id, name, kind, extract(epoch FROM schedule)::bigint, config::text, last_run,
               last_status, total_runs, failures, next_run
          FROM webtop_jobs
         ORDER BY CASE kind WHEN 'pattern' THEN 1 WHEN 'core' THEN 2 ELSE 3 END, name
        """;

    private final DbTarget target;

    public Jobs(DbTarget target) {
        this.target = target;
    }

    public List<Job> list() {
        return Database.run(target, Jobs::list);
    }

    public static List<Job> list(Connection connection) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LIST);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                jobs.add(new Job(rows.getLong(1), rows.getString(2), rows.getString(3),
                    Duration.ofSeconds(rows.getLong(4)), rows.getString(5),
                    rows.getObject(6, OffsetDateTime.class), rows.getString(7), rows.getLong(8),
                    rows.getLong(9), rows.getObject(10, OffsetDateTime.class)));
            }
        }
        return jobs;
    }

    /** Removes a traffic pattern by job id or name; false when no pattern matches. */
    public boolean removePattern(String idOrName) {
        String sql = """
            SELECT webtop_unschedule_job(name) FROM webtop_job_registry
             WHERE kind = 'pattern'
               AND (native_id::text = ? OR name = ? OR name = 'pattern:' || ?)
            """;
        return Database.run(target, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, idOrName);
                statement.setString(2, idOrName);
                statement.setString(3, idOrName);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() && rows.getBoolean(1);
                }
            }
        });
    }

    /** Removes every traffic pattern; returns how many there were. */
    public int removeAllPatterns() {
        String sql = "SELECT count(webtop_unschedule_job(name)) FROM webtop_job_registry WHERE kind = 'pattern'";
        return Database.run(target, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }
}
