package dev.webtop.db;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies webtop's SQL with Flyway: versioned files once, repeatable (`R__`) files whenever they
 * change, then `afterMigrate.sql`. `sql/common` serves both TimescaleDB editions; `sql/timescale`
 * (community) or `sql/apache` adds what differs, with the same object names. The `sql/` folder beside the launcher wins over the copy in the
 * jar, so an edited file is applied by `webtop setup-db`. Flyway's advisory lock makes concurrent
 * runs safe.
 */
public final class Migrations {
    private final DbTarget target;
    private final String location;

    public Migrations(DbTarget target, Path projectRoot) {
        this.target = target;
        Path onDisk = projectRoot.resolve("sql");
        this.location = Files.isDirectory(onDisk) ? "filesystem:" + onDisk : "classpath:sql";
    }

    private Flyway flyway() {
        String edition = Edition.detect(target);
        return Flyway.configure()
            .dataSource(Database.dataSource(target))
            .locations(location + "/common", location + "/" + edition)
            .placeholderReplacement(false)
            .cleanDisabled(true)
            .load();
    }

    public record Outcome(int applied, String schemaVersion) {
    }

    public record State(int applied, int pending, String schemaVersion) {
    }

    public Outcome apply() {
        try {
            Flyway flyway = flyway();
            MigrateResult result = flyway.migrate();
            return new Outcome(result.migrationsExecuted, schemaVersion(flyway.info()));
        } catch (FlywayException e) {
            throw failure(e);
        }
    }

    public State state() {
        try {
            MigrationInfoService info = flyway().info();
            return new State(info.applied().length, info.pending().length, schemaVersion(info));
        } catch (FlywayException e) {
            throw failure(e);
        }
    }

    public String location() {
        return location;
    }

    private static String schemaVersion(MigrationInfoService info) {
        MigrationInfo current = info.current();
        return current == null || current.getVersion() == null ? "none"
            : current.getVersion().getVersion();
    }

    /** Flyway wraps the server's words in several paragraphs; users need the server's sentence. */
    private static WebtopException failure(FlywayException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if (Database.isConnectionFailure(sql)) {
                    return WebtopException.unreachable("cannot connect to the database: "
                        + firstLine(sql.getMessage()), e);
                }
                return WebtopException.failure("migration failed: " + firstLine(sql.getMessage()), e);
            }
        }
        return WebtopException.failure("migration failed: " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unknown error";
        }
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(text)
            .replaceFirst("^ERROR:\\s*", "");
    }
}
