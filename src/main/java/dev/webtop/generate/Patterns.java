package dev.webtop.generate;

import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/** Scheduling traffic patterns: the shipped set (sql/setup/) and custom ones. */
public final class Patterns {
    /** The shipped patterns, applied in this order by `webtop setup`. */
    public static final List<String> SETUP_SCRIPTS = List.of("traffic-patterns.sql", "ai-domains.sql");

    private final DbTarget target;

    public Patterns(DbTarget target) {
        this.target = target;
    }

    /** Runs the setup scripts; the sql/setup folder beside the launcher wins over the jar's copy. */
    public void scheduleShipped(Path projectRoot) {
        Database.run(target, connection -> {
            try (Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                for (String script : SETUP_SCRIPTS) {
                    statement.execute(read(projectRoot, script));
                }
                connection.commit();
                return null;
            }
        });
    }

    /** Schedules (or replaces) one pattern under the name pattern:<domain>; returns its job id. */
    public long schedule(TrafficPattern pattern) {
        String sql = "SELECT webtop_schedule_pattern(make_interval(secs => ?), ?::jsonb)";
        return Database.run(target, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setDouble(1, pattern.every().toMillis() / 1000.0);
                statement.setString(2, Json.write(pattern.config()));
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private static String read(Path projectRoot, String script) {
        Path onDisk = projectRoot.resolve("sql/setup").resolve(script);
        try {
            if (Files.isRegularFile(onDisk)) {
                return Files.readString(onDisk, StandardCharsets.UTF_8);
            }
            try (InputStream in = Patterns.class.getResourceAsStream("/sql/setup/" + script)) {
                if (in == null) {
                    throw WebtopException.failure("sql/setup/" + script + " is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        }
    }
}
