package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** start, setup, setup-db --set and reset through the real command line. */
class PipelineCommandsTest {
    private static final String JOB_SET = "SELECT id, name, kind, schedule FROM webtop_jobs ORDER BY name";

    private static Run webtop(DbTarget db, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--db-url";
        all[args.length + 1] = TestDatabase.url(db);
        return Cli.isolated().run(all);
    }

    private static DbTarget started() {
        DbTarget db = TestDatabase.fresh();
        Run start = webtop(db, "start");
        assertEquals(0, start.exitCode(), start.toString());
        return db;
    }

    @Test
    void startLoadsInitialDataAndCoreJobsAndASecondStartChangesNothing() {
        DbTarget db = started();
        assertEquals(30000, Sql.number(db, "SELECT count(*) FROM logs"));
        List<List<String>> jobs = Sql.rows(db, JOB_SET);
        assertTrue(jobs.stream().anyMatch(job -> job.get(1).equals("webtop-candidates")), jobs.toString());
        assertTrue(jobs.stream().anyMatch(job -> job.get(1).equals("webtop-election")), jobs.toString());

        // the daily election never ran through its job: its next run is the next midnight, not "now"
        assertTrue(Sql.value(db, "SELECT next_run > now() + INTERVAL '1 minute' FROM webtop_jobs WHERE name = 'webtop-election'")
            .equals("t"), Sql.rows(db, "SELECT name, next_run, now() FROM webtop_jobs").toString());
        if (TestDatabase.edition(db).equals("apache")) {
            assertEquals("t", Sql.value(db, "SELECT next_run = time_bucket('1 day', now()) + INTERVAL '1 day' "
                + "FROM webtop_jobs WHERE name = 'webtop-election'"));
        }

        Run again = webtop(db, "start");
        assertEquals(0, again.exitCode(), again.toString());
        assertFalse(again.out().contains("Initial data"), again.out());
        assertEquals(30000, Sql.number(db, "SELECT count(*) FROM logs"));
        assertEquals(jobs, Sql.rows(db, JOB_SET));
    }

    @Test
    void setupSchedulesTheShippedPatternsAndASecondSetupLeavesTheSameJobs() {
        DbTarget db = started();
        Run setup = webtop(db, "setup");
        assertEquals(0, setup.exitCode(), setup.toString());
        List<List<String>> patterns = Sql.rows(db,
            "SELECT name, schedule, config::text FROM webtop_jobs WHERE kind = 'pattern' ORDER BY name");
        assertEquals(List.of("pattern:anthropic.com", "pattern:bursty-traffic.com", "pattern:claude.ai",
                "pattern:declining-traffic.com", "pattern:growing-traffic.com", "pattern:openai.com",
                "pattern:perplexity.ai", "pattern:steady-traffic.com"),
            patterns.stream().map(row -> row.get(0)).toList());
        assertEquals(List.of("pattern:bursty-traffic.com", "00:01:00"), Sql.rows(db,
            "SELECT name, schedule FROM webtop_jobs WHERE config @> "
                + "'{\"amount\": 1000, \"burst_probability\": 0.4, \"burst_multiplier\": 10}'").get(0));
        assertEquals(List.of("00:00:05", "300", "500"), Sql.rows(db, "SELECT schedule, config ->> 'amount_min', "
            + "config ->> 'amount_max' FROM webtop_jobs WHERE name = 'pattern:openai.com'").get(0));
        assertTrue(setup.out().contains("pattern:claude.ai"), setup.out());

        List<List<String>> jobs = Sql.rows(db, JOB_SET);
        assertEquals(0, webtop(db, "setup").exitCode());
        assertEquals(jobs, Sql.rows(db, JOB_SET));
    }

    @Test
    void customPatternsAreScheduledListedAndRemoved() {
        DbTarget db = started();
        Run add = webtop(db, "setup", "--pattern", "declining", "--domain", "Shop.Example",
            "--every", "30s", "--amount", "500", "--growth-rate", "20");
        assertEquals(0, add.exitCode(), add.toString());
        assertEquals(List.of("00:00:30", "500", "-20"), Sql.rows(db, "SELECT schedule, config ->> 'amount', "
            + "config ->> 'growth_rate' FROM webtop_jobs WHERE name = 'pattern:shop.example'").get(0));

        Run list = webtop(db, "setup", "--list");
        assertEquals(0, list.exitCode());
        assertTrue(list.out().contains("pattern:shop.example"), list.out());

        Run remove = webtop(db, "setup", "--remove", "shop.example");
        assertEquals(0, remove.exitCode(), remove.toString());
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE kind = 'pattern'"));

        Run missing = webtop(db, "setup", "--remove", "shop.example");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no traffic pattern 'shop.example'"), missing.err());

        assertEquals(0, webtop(db, "setup").exitCode());
        Run stopAll = webtop(db, "setup", "--stop-all");
        assertEquals(0, stopAll.exitCode());
        assertTrue(stopAll.out().contains("Removed 8 traffic pattern(s)"), stopAll.out());
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE kind = 'pattern'"));
        assertTrue(Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE kind = 'core'") >= 2);
    }

    @Test
    void badPatternValuesExit2AndScheduleNothing() {
        DbTarget db = started();
        String[][] bad = {
            {"--pattern", "wavy", "--domain", "a.example", "--amount", "5"},
            {"--pattern", "steady", "--domain", "a.example", "--amount", "5", "--every", "500ms"},
            {"--pattern", "steady", "--domain", "a.example", "--amount", "-5"},
            {"--pattern", "bursty", "--domain", "a.example", "--amount", "5", "--burst-probability", "1.5"},
            {"--pattern", "steady", "--domain", "not a domain", "--amount", "5"},
            {"--pattern", "steady", "--domain", "a.example"},
            {"--pattern", "steady", "--domain", "a.example", "--amount", "5", "--every", "soon"},
        };
        String[] expected = {"--pattern must be steady, bursty, growing or declining", "at least 1s",
            "cannot be negative", "from 0 to 1", "is not a domain name", "--amount N",
            "is not a duration"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = new String[bad[i].length + 1];
            args[0] = "setup";
            System.arraycopy(bad[i], 0, args, 1, bad[i].length);
            Run run = webtop(db, args);
            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.err().contains(expected[i]), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        }
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE kind = 'pattern'"));
    }

    @Test
    void setupDbSetChangesSettingsAndTheirJobsOrNothingAtAll() {
        DbTarget db = started();
        Run set = webtop(db, "setup-db", "--set", "candidates.every=30 minutes", "--set", "election.top_n=20");
        assertEquals(0, set.exitCode(), set.toString());
        assertEquals("20", Sql.value(db, "SELECT webtop_setting('election.top_n')"));
        assertEquals("00:30:00", Sql.value(db, "SELECT schedule FROM webtop_jobs WHERE name = 'webtop-candidates'"));

        Run unknown = webtop(db, "setup-db", "--set", "election.top_n=30", "--set", "no.such=1");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("unknown setting \"no.such\""), unknown.err());
        Run badValue = webtop(db, "setup-db", "--set", "retention.raw=soon");
        assertEquals(2, badValue.exitCode());
        assertTrue(badValue.err().contains("takes interval values"), badValue.err());
        assertEquals("20", Sql.value(db, "SELECT webtop_setting('election.top_n')"), "nothing half-written");
        assertEquals("1 hour", Sql.value(db, "SELECT webtop_setting('retention.raw')"));
    }

    @Test
    void resetLeavesNoRowsAndOnlyTheCoreJobs() {
        DbTarget db = started();
        assertEquals(0, webtop(db, "setup").exitCode());
        Sql.execute(db, "SELECT populate_website_candidates(); SELECT elect_top_websites()");

        Run refused = webtop(db, "reset");
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("pass --yes"), refused.err());
        assertTrue(Sql.number(db, "SELECT count(*) FROM logs") > 0, "nothing changed without --yes");

        Run reset = webtop(db, "reset", "--yes");
        assertEquals(0, reset.exitCode(), reset.toString());
        assertTrue(reset.out().contains("webtop-election"), reset.out());
        for (String table : List.of("logs", "domain_stats_1m", "domain_stats_10m", "domain_stats_1d",
            "website_candidates", "elections", "election_results", "website_stats", "webtop_pattern_state",
            "domain_current")) {
            assertEquals(0, Sql.number(db, "SELECT count(*) FROM " + table), table);
        }
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE kind = 'pattern'"));
        assertTrue(Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE kind = 'core'") >= 2);
    }

    @Test
    void theOriginalsSqlInterfaceWorksFromPsql() {
        DbTarget db = started();
        assertEquals(0, webtop(db, "setup").exitCode());
        assertTrue(Sql.rows(db, "SELECT * FROM monitor_traffic_patterns()").size() > 10);
        assertEquals("2", Sql.value(db, "SELECT schedule_website_tracking_jobs()"));
        long jobs = Sql.number(db, "SELECT count(*) FROM webtop_job_registry");
        assertEquals(jobs, Sql.number(db, "SELECT cleanup_all_jobs()"));
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM webtop_jobs WHERE kind <> 'policy'"));
        if ("timescale".equals(TestDatabase.edition(db))) {
            assertEquals(0, webtop(db, "setup").exitCode());
            List<List<String>> seedQuery = Sql.rows(db, "SELECT job_id, proc_name, schedule_interval, config "
                + "FROM timescaledb_information.jobs WHERE proc_name IN ('policy_retention', 'generate_log_data_job') "
                + "ORDER BY job_id");
            assertTrue(seedQuery.stream().anyMatch(r -> r.get(1).equals("policy_retention")), seedQuery.toString());
            assertEquals(8, seedQuery.stream().filter(r -> r.get(1).equals("generate_log_data_job")).count());
        }
    }
}
