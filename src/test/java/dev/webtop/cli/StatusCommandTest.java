package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.SqlFolder;
import dev.webtop.support.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    private static Run status(DbTarget db, String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "status";
        args[1] = "--db-url";
        args[2] = TestDatabase.url(db);
        System.arraycopy(extra, 0, args, 3, extra.length);
        return Cli.isolated().run(args);
    }

    @Test
    void aDatabaseWithPendingMigrationsIsReachableButNotHealthy() throws Exception {
        DbTarget db = TestDatabase.fresh();
        Run run = status(db, "--json");
        assertEquals(1, run.exitCode(), run.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertTrue(json.get("reachable").asBoolean());
        assertFalse(json.get("healthy").asBoolean());
        assertTrue(json.get("migrations_pending").asInt() >= SqlFolder.migrations("apache").size() - 4,
            run.out());
        assertEquals(0, json.get("migrations_applied").asInt());
    }

    @Test
    void jsonReportsWhatTheServerReallyHas() throws Exception {
        DbTarget db = TestDatabase.fresh();
        assertEquals(0, Cli.isolated().run("setup-db", "--db-url", TestDatabase.url(db)).exitCode());

        Run run = status(db, "--json");

        assertEquals(0, run.exitCode(), run.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("external", json.get("runtime").asText());
        assertEquals(db.maskedUrl(), json.get("url").asText());
        assertTrue(json.get("healthy").asBoolean());
        assertEquals(Sql.value(db, "SELECT split_part(current_setting('server_version'), ' ', 1)"),
            json.get("postgres_version").asText());
        assertEquals(Sql.value(db, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"),
            json.get("timescaledb_version").asText());
        assertEquals(Sql.value(db, "SHOW timescaledb.license"), json.get("edition").asText());
        String pgCron = Sql.value(db, "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'");
        assertEquals(pgCron != null, json.get("pg_cron").asBoolean());
        String edition = Sql.value(db, "SHOW timescaledb.license");
        assertEquals(SqlFolder.migrations(edition).size(), json.get("migrations_applied").asInt());
        assertEquals(0, json.get("migrations_pending").asInt());
        assertEquals(SqlFolder.latestVersion(edition), json.get("schema_version").asText());
        long size = json.get("database_size_bytes").asLong();
        assertTrue(size > 1_000_000, "size " + size);
        if (db.password() != null) {
            assertFalse(run.out().contains(db.password()), "the password leaked into status");
        }
    }

    @Test
    void aJobWhoseLastRunFailedMakesStatusExit1AndNamesIt() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        Run healthy = status(db, "--json");
        assertEquals(0, healthy.exitCode(), healthy.toString());
        assertEquals(0, new ObjectMapper().readTree(healthy.out()).get("jobs").asInt());

        Sql.execute(db, "CREATE PROCEDURE failing_status_job(job_id integer, config jsonb) "
            + "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'broken on purpose'; END $$");
        Sql.execute(db, "SELECT webtop_schedule_job('broken', 'core', 'failing_status_job', INTERVAL '1 second')");
        Await.until("the job's failure", Duration.ofSeconds(20),
            () -> "failed".equals(Sql.value(db, "SELECT last_status FROM webtop_jobs WHERE name = 'broken'")));

        Run run = status(db);
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.out().contains("failing: broken"), run.out());
        assertTrue(run.out().contains("a job is failing"), run.out());
        JsonNode json = new ObjectMapper().readTree(status(db, "--json").out());
        assertEquals("broken", json.get("jobs_failing").get(0).asText());
        assertFalse(json.get("healthy").asBoolean());
    }

    @Test
    void textShowsOneFieldPerLine() {
        DbTarget db = TestDatabase.fresh();
        assertEquals(0, Cli.isolated().run("setup-db", "--db-url", TestDatabase.url(db)).exitCode());
        Run run = status(db);
        assertEquals(0, run.exitCode(), run.toString());
        String license = Sql.value(db, "SHOW timescaledb.license");
        assertTrue(run.out().contains("edition " + license), run.out());
        assertTrue(run.out().contains("migrations   " + SqlFolder.migrations(license).size()
            + " applied, 0 pending (schema version " + SqlFolder.latestVersion(license) + ")"), run.out());
        assertTrue(run.out().contains("state        healthy"), run.out());
        assertTrue(run.out().contains("jobs         0, none failing"), run.out());
        if (license.equals("apache")) {
            assertTrue(run.out().contains("unavailable  compression, continuous_aggregates"), run.out());
        }
    }
}
