package dev.webtop.db;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.webtop.ExitCode;
import dev.webtop.WebtopException;
import dev.webtop.config.DbTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * One-shot health of webtop's database, as `status` prints it. Healthy means reachable, with
 * TimescaleDB, and no pending migrations.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusReport(
    String runtime,
    @JsonProperty("runtime_detail") String runtimeDetail,
    String url,
    boolean reachable,
    String error,
    @JsonProperty("postgres_version") String postgresVersion,
    @JsonProperty("timescaledb_version") String timescaledbVersion,
    String edition,
    @JsonProperty("pg_cron") boolean pgCron,
    @JsonProperty("pg_cron_version") String pgCronVersion,
    @JsonProperty("migrations_applied") Integer migrationsApplied,
    @JsonProperty("migrations_pending") Integer migrationsPending,
    @JsonProperty("schema_version") String schemaVersion,
    @JsonProperty("database_size_bytes") Long databaseSizeBytes,
    boolean healthy) {

    public static StatusReport collect(String runtime, String runtimeDetail,
                                       Supplier<DbTarget> targetSource, Path projectRoot) {
        DbTarget target;
        try {
            target = targetSource.get();
        } catch (WebtopException e) {
            return unreachable(runtime, runtimeDetail, null, e.getMessage());
        }
        ServerInfo server;
        try (Connection connection = Database.connect(target)) {
            server = ServerInfo.read(connection);
        } catch (WebtopException e) {
            return unreachable(runtime, runtimeDetail, target.maskedUrl(), e.getMessage());
        } catch (SQLException e) {
            return unreachable(runtime, runtimeDetail, target.maskedUrl(),
                Database.unreachable(target, e).getMessage());
        }
        Migrations.State migrations = new Migrations(target, projectRoot).state();
        boolean healthy = server.hasTimescaleDb() && migrations.pending() == 0;
        return new StatusReport(runtime, runtimeDetail, target.maskedUrl(), true, null,
            server.postgresVersion(), server.timescaledbVersion(),
            server.edition(),
            server.pgCronVersion() != null, server.pgCronVersion(),
            migrations.applied(), migrations.pending(), migrations.schemaVersion(),
            server.databaseSizeBytes(), healthy);
    }

    private static StatusReport unreachable(String runtime, String detail, String url, String error) {
        return new StatusReport(runtime, detail, url, false, error, null, null, null, false, null,
            null, null, null, null, false);
    }

    public int exitCode() {
        if (!reachable) {
            return ExitCode.DB_UNREACHABLE;
        }
        return healthy ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
    }
}
