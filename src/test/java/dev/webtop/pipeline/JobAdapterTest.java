package dev.webtop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Await;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** webtop_schedule_job and webtop_jobs on the edition's real scheduler. */
class JobAdapterTest {

    @Test
    void aScheduledPatternWritesRowsWithinSecondsAndShowsItsRuns() {
        DbTarget db = TestDatabase.withPipeline();
        long id = Sql.number(db, "SELECT webtop_schedule_pattern(INTERVAL '1 second', "
            + "'{\"domain\": \"jobs-run.example\", \"amount\": 5}')");

        Await.until("rows from the pattern job", Duration.ofSeconds(20),
            () -> Sql.number(db, "SELECT count(*) FROM logs WHERE domain = 'jobs-run.example'") > 0);
        Await.until("a successful run in webtop_jobs", Duration.ofSeconds(20),
            () -> "succeeded".equals(Sql.value(db,
                "SELECT last_status FROM webtop_jobs WHERE name = 'pattern:jobs-run.example'")));

        List<String> job = Sql.rows(db, "SELECT id, kind, schedule, config ->> 'domain', "
            + "total_runs > 0, failures, last_run IS NOT NULL, next_run IS NOT NULL "
            + "FROM webtop_jobs WHERE name = 'pattern:jobs-run.example'").get(0);
        assertEquals(List.of(String.valueOf(id), "pattern", "00:00:01", "jobs-run.example", "t", "0", "t", "t"), job);
    }

    @Test
    void aFailingJobShowsAsFailed() {
        DbTarget db = TestDatabase.withPipeline();
        Sql.execute(db, "CREATE PROCEDURE failing_test_job(job_id integer, config jsonb) "
            + "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'this job always fails'; END $$");
        Sql.execute(db, "SELECT webtop_schedule_job('failing-test', 'core', 'failing_test_job', INTERVAL '1 second')");

        Await.until("a failed run in webtop_jobs", Duration.ofSeconds(20),
            () -> "failed".equals(Sql.value(db, "SELECT last_status FROM webtop_jobs WHERE name = 'failing-test'")));
        assertTrue(Sql.number(db, "SELECT failures FROM webtop_jobs WHERE name = 'failing-test'") >= 1);
    }

    @Test
    void purgingPgCronsRunLogKeepsTheCountsAndTheLatestRun() {
        DbTarget db = TestDatabase.withPipeline();
        if (!"apache".equals(TestDatabase.edition(db))) {
            // TimescaleDB trims its own job history with a job of its own
            assertEquals(1, Sql.number(db, "SELECT count(*) FROM timescaledb_information.jobs "
                + "WHERE proc_name = 'policy_job_stat_history_retention'"));
            return;
        }
        Sql.execute(db, "SELECT webtop_schedule_pattern(INTERVAL '1 second', '{\"domain\": \"purge.example\", \"amount\": 1}')");
        Await.until("three runs", Duration.ofSeconds(20), () -> Sql.number(db,
            "SELECT total_runs FROM webtop_jobs WHERE name = 'pattern:purge.example'") >= 3);
        Sql.execute(db, "SELECT webtop_unschedule_job('pattern:purge.example')");
        Sql.execute(db, "SELECT webtop_schedule_pattern(INTERVAL '1 hour', '{\"domain\": \"purge.example\", \"amount\": 1}')");
        long runs = Sql.number(db, "SELECT count(*) FROM cron.job_run_details");
        assertTrue(runs >= 3);

        Sql.execute(db, "SELECT webtop_purge_cron_history(INTERVAL '0 seconds')");

        assertEquals(Sql.number(db, "SELECT count(DISTINCT jobid) FROM cron.job_run_details"),
            Sql.number(db, "SELECT count(*) FROM cron.job_run_details"), "one run left per job");
        assertEquals(runs, Sql.number(db, "SELECT coalesce(sum(runs), 0) FROM webtop_cron_run_totals")
            + Sql.number(db, "SELECT count(*) FROM cron.job_run_details"));
    }

    @Test
    void schedulingANameAgainReschedulesTheSameJob() {
        DbTarget db = TestDatabase.withPipeline();
        String first = Sql.value(db, "SELECT webtop_schedule_pattern(INTERVAL '1 hour', "
            + "'{\"domain\": \"again.example\", \"amount\": 5}')");
        String second = Sql.value(db, "SELECT webtop_schedule_pattern(INTERVAL '30 minutes', "
            + "'{\"domain\": \"again.example\", \"amount\": 7}')");
        assertEquals(first, second);
        assertEquals(List.of(List.of(first, "00:30:00", "7")), Sql.rows(db,
            "SELECT id, schedule, config ->> 'amount' FROM webtop_jobs WHERE name = 'pattern:again.example'"));
    }

    @Test
    void unschedulingRemovesTheJobFromTheScheduler() {
        DbTarget db = TestDatabase.withPipeline();
        Sql.execute(db, "SELECT webtop_schedule_pattern(INTERVAL '1 hour', '{\"domain\": \"gone.example\", \"amount\": 5}')");
        assertEquals("t", Sql.value(db, "SELECT webtop_unschedule_job('pattern:gone.example')"));
        assertEquals("f", Sql.value(db, "SELECT webtop_unschedule_job('pattern:gone.example')"));
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE name = 'pattern:gone.example'"));
        String scheduler = "timescale".equals(TestDatabase.edition(db))
            ? "SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'generate_log_data_job'"
            : "SELECT count(*) FROM cron.job WHERE jobname = 'pattern:gone.example'";
        assertEquals(0, Sql.number(db, scheduler));
    }

    @Test
    void intervalsBelowASecondAreRefusedAndPgCronOnlyTakesEvenSchedules() {
        DbTarget db = TestDatabase.withPipeline();
        assertEquals("22023", Sql.failure(db, "SELECT webtop_schedule_pattern(INTERVAL '500 milliseconds', "
            + "'{\"domain\": \"fast.example\", \"amount\": 5}')"));
        String odd = Sql.failure(db, "SELECT webtop_schedule_pattern(INTERVAL '90 seconds', "
            + "'{\"domain\": \"odd.example\", \"amount\": 5}')");
        if ("apache".equals(TestDatabase.edition(db))) {
            assertEquals("22023", odd);
            assertEquals(List.of(List.of("5 seconds"), List.of("* * * * *"), List.of("*/15 * * * *"),
                    List.of("0 */6 * * *"), List.of("0 0 * * *")),
                Sql.rows(db, "SELECT webtop_cron_schedule(i) FROM unnest(ARRAY[INTERVAL '5 seconds', "
                    + "INTERVAL '1 minute', INTERVAL '15 minutes', INTERVAL '6 hours', INTERVAL '1 day']) i"));
        } else {
            assertNull(odd);
        }
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE name = 'pattern:fast.example'"));
    }
}
