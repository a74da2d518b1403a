package dev.webtop.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.SqlFolder;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    private static final String SUCCESSFUL_MIGRATIONS =
        "SELECT count(*) FROM flyway_schema_history WHERE success";

    private static Run setupDb(DbTarget db, Path projectRoot) {
        return Cli.isolated().env("WEBTOP_ROOT", projectRoot.toString())
            .run("setup-db", "--db-url", TestDatabase.url(db));
    }

    private static int expectedMigrations(DbTarget db) {
        return SqlFolder.migrations(Sql.value(db, "SHOW timescaledb.license")).size();
    }

    @Test
    void setupDbAppliesEachMigrationOnceAndThenNothing() {
        DbTarget db = TestDatabase.fresh();
        Run first = setupDb(db, TestPaths.projectRoot());
        assertEquals(0, first.exitCode(), first.toString());
        int expected = expectedMigrations(db);
        assertTrue(first.out().contains("Migrations: " + expected + " applied"), first.out());
        assertEquals(expected, Sql.number(db, SUCCESSFUL_MIGRATIONS));
        assertEquals(SqlFolder.latestVersion(Sql.value(db, "SHOW timescaledb.license")),
            Sql.value(db, "SELECT max(version::integer) FROM flyway_schema_history"));

        Run second = setupDb(db, TestPaths.projectRoot());
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.out().contains("Migrations: up to date"), second.out());
        assertEquals(expected, Sql.number(db, "SELECT count(*) FROM flyway_schema_history"));
    }

    @Test
    void anEditedRepeatableFileIsAppliedAgain(@TempDir Path projectRoot) throws IOException {
        copySql(projectRoot);
        DbTarget db = TestDatabase.fresh();
        assertEquals(0, setupDb(db, projectRoot).exitCode());

        Path view = projectRoot.resolve("sql/common/R__webtop_edition.sql");
        Files.writeString(view, Files.readString(view)
            .replace("detected_at\n  FROM", "detected_at,\n       'edited'::text AS marker\n  FROM"));
        Run run = setupDb(db, projectRoot);

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("Migrations: 1 applied"), run.out());
        assertEquals("edited", Sql.value(db, "SELECT marker FROM webtop_edition"));
        assertEquals(2, Sql.number(db,
            "SELECT count(*) FROM flyway_schema_history WHERE script = 'R__webtop_edition.sql'"));
    }

    @Test
    void theCopyInsideTheJarServesWhenThereIsNoSqlFolder(@TempDir Path emptyRoot) {
        DbTarget db = TestDatabase.fresh();
        Run run = setupDb(db, emptyRoot);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains(expectedMigrations(db) + " applied from classpath:sql"), run.out());
    }

    @Test
    void theEditionAndVersionsAreDetectedAndRecorded() {
        DbTarget db = TestDatabase.fresh();
        assertEquals(0, setupDb(db, TestPaths.projectRoot()).exitCode());
        String license = Sql.value(db, "SHOW timescaledb.license");
        assertTrue(license.equals("apache") || license.equals("timescale"), license);
        assertEquals(license, Sql.value(db, "SELECT edition FROM webtop_instance"));
        assertEquals(license.equals("apache") ? "apache" : "community",
            Sql.value(db, "SELECT edition_name FROM webtop_edition"));
        assertEquals(Sql.value(db, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"),
            Sql.value(db, "SELECT timescaledb_version FROM webtop_instance"));
        assertEquals(Sql.value(db, "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'"),
            Sql.value(db, "SELECT pg_cron_version FROM webtop_instance"));
    }

    @Test
    void theApacheEditionGetsPgCronAndTheCommunityEditionDoesNotNeedIt() {
        DbTarget db = TestDatabase.fresh();
        assertEquals(0, setupDb(db, TestPaths.projectRoot()).exitCode());
        String pgCron = Sql.value(db, "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'");
        if ("apache".equals(Sql.value(db, "SHOW timescaledb.license"))) {
            assertTrue(pgCron != null && !pgCron.isEmpty(), "pg_cron must be created on apache");
        }
    }

    @Test
    void twoConcurrentSetupDbRunsBothSucceedAndApplyEachMigrationOnce() {
        DbTarget db = TestDatabase.fresh();
        CompletableFuture<Run> first = CompletableFuture.supplyAsync(() -> setupDb(db, TestPaths.projectRoot()));
        CompletableFuture<Run> second = CompletableFuture.supplyAsync(() -> setupDb(db, TestPaths.projectRoot()));
        Run a = first.join();
        Run b = second.join();
        assertEquals(0, a.exitCode(), a.toString());
        assertEquals(0, b.exitCode(), b.toString());
        assertEquals(expectedMigrations(db), Sql.number(db, "SELECT count(*) FROM flyway_schema_history"));
        assertEquals(1, Sql.number(db, "SELECT count(*) FROM webtop_instance"));
    }

    @Test
    void onTheApacheEditionAnotherDatabaseThanCronsIsRefusedWithTheReasonAndNothingHalfWritten() {
        DbTarget db = TestDatabase.target();
        String license = Sql.value(db, "SHOW timescaledb.license");
        DbTarget elsewhere = db.withDatabase("webtop_elsewhere");
        Sql.execute(db.withDatabase("postgres"), "DROP DATABASE IF EXISTS webtop_elsewhere WITH (FORCE)");
        Sql.execute(db.withDatabase("postgres"), "CREATE DATABASE webtop_elsewhere");

        Run run = setupDb(elsewhere, TestPaths.projectRoot());

        if (license.equals("apache")) {
            String cronDatabase = Sql.value(db, "SHOW cron.database_name");
            assertEquals(4, run.exitCode(), run.toString());
            assertTrue(run.err().contains("pg_cron can only be created in database \"" + cronDatabase
                + "\" (cron.database_name), not in \"webtop_elsewhere\""), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertNull(Sql.value(elsewhere, "SELECT extname FROM pg_extension WHERE extname = 'timescaledb'"));
        } else {
            assertEquals(0, run.exitCode(), run.toString());
        }
        Sql.execute(db.withDatabase("postgres"), "DROP DATABASE webtop_elsewhere WITH (FORCE)");
    }

    private static void copySql(Path projectRoot) throws IOException {
        Path source = TestPaths.projectRoot().resolve("sql");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = projectRoot.resolve("sql").resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
