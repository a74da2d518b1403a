package dev.webtop.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import dev.webtop.db.Features;
import dev.webtop.db.Job;
import dev.webtop.db.Jobs;
import dev.webtop.db.Migrations;
import dev.webtop.db.ServerInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * One-shot health of webtop's database, as `status` prints it. Healthy means reachable, with
 * TimescaleDB, no pending migrations, and no job whose last run failed.
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
    Integer jobs,
    @JsonProperty("jobs_failing") List<String> jobsFailing,
    @JsonProperty("unavailable_features") List<String> unavailableFeatures,
    List<KafkaLag> kafka,
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
        try {
            server = Database.run(target, ServerInfo::read);
        } catch (WebtopException e) {
            return unreachable(runtime, runtimeDetail, target.maskedUrl(), e.getMessage());
        }
        Migrations.State migrations = new Migrations(target, projectRoot).state();
        boolean setUp = server.hasTimescaleDb() && migrations.pending() == 0;
        List<Job> jobs = setUp ? new Jobs(target).list() : List.of();
        List<String> failing = jobs.stream().filter(job -> "failed".equals(job.lastStatus()))
            .map(Job::name).toList();
        return new StatusReport(runtime, runtimeDetail, target.maskedUrl(), true, null,
            server.postgresVersion(), server.timescaledbVersion(),
            server.edition(),
            server.pgCronVersion() != null, server.pgCronVersion(),
            migrations.applied(), migrations.pending(), migrations.schemaVersion(),
            server.databaseSizeBytes(), setUp ? jobs.size() : null, failing,
            setUp ? Features.unavailable(target) : List.of(),
            setUp ? Database.run(target, KafkaLag::read) : List.of(), setUp && failing.isEmpty());
    }

    private static StatusReport unreachable(String runtime, String detail, String url, String error) {
        return new StatusReport(runtime, detail, url, false, error, null, null, null, false, null,
            null, null, null, null, null, List.of(), List.of(), List.of(), false);
    }

    public int exitCode() {
        if (!reachable) {
            return ExitCode.DB_UNREACHABLE;
        }
        return healthy ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
    }
}
