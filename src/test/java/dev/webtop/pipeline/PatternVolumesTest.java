package dev.webtop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** generate_log_data_job run by hand, run after run, with the rows of each run counted. */
class PatternVolumesTest {
    private static DbTarget db;
    private static int nextJobId = 900_000;

    @BeforeAll
    static void pipeline() {
        db = TestDatabase.withPipeline();
    }

    /** Runs the job `runs` times with one job id and returns the rows each run wrote. */
    private static List<Long> runs(String config, int runs) {
        int jobId = nextJobId++;
        String domain = Sql.value(db, "SELECT '" + config + "'::jsonb ->> 'domain'");
        List<Long> counts = new ArrayList<>();
        long before = 0;
        for (int i = 0; i < runs; i++) {
            Sql.execute(db, "CALL generate_log_data_job(" + jobId + ", '" + config + "')");
            long total = Sql.number(db, "SELECT count(*) FROM logs WHERE domain = '" + domain + "'");
            counts.add(total - before);
            before = total;
        }
        return counts;
    }

    @Test
    void steadyRunsStayWithinTheirRange() {
        List<Long> counts = runs("{\"domain\": \"steady.example\", \"amount_min\": 20, \"amount_max\": 30}", 40);
        assertTrue(counts.stream().allMatch(n -> n >= 20 && n <= 30), counts.toString());
        assertTrue(counts.stream().distinct().count() > 3, "amounts are drawn each run: " + counts);
    }

    @Test
    void growingRisesByTheGrowthRateEveryRunUpToTheCap() {
        assertEquals(List.of(10L, 15L, 20L, 25L, 30L, 35L),
            runs("{\"domain\": \"growing.example\", \"amount\": 10, \"growth_rate\": 5}", 6));
        assertEquals(List.of(10L, 20L, 25L, 25L),
            runs("{\"domain\": \"capped.example\", \"amount\": 10, \"growth_rate\": 10, \"cap\": 25}", 4));
    }

    @Test
    void decliningFloorsAtZero() {
        assertEquals(List.of(20L, 12L, 4L, 0L, 0L),
            runs("{\"domain\": \"declining.example\", \"amount\": 20, \"growth_rate\": -8}", 5));
    }

    @Test
    void eachBurstyRunIsTheAmountOrItsMultipleAndBurstsComeAtTheirProbability() {
        int runs = 300;
        List<Long> counts = runs("{\"domain\": \"bursty.example\", \"amount\": 10, "
            + "\"burst_probability\": 0.3, \"burst_multiplier\": 5}", runs);
        assertTrue(counts.stream().allMatch(n -> n == 10 || n == 50), counts.toString());
        double share = counts.stream().filter(n -> n == 50).count() / (double) runs;
        // 0.09 is 3.4 standard deviations of the share over 300 runs
        assertEquals(0.3, share, 0.09, "burst share");
    }

    @Test
    void rowsAreSpreadOverTheJobsIntervalWithPathsUsersAndSessions() {
        runs("{\"domain\": \"spread.example\", \"amount\": 2000, \"spread\": \"10 minutes\"}", 1);
        List<String> row = Sql.rows(db, "SELECT max(time) - min(time) <= INTERVAL '10 minutes', "
            + "max(time) <= now(), max(time) - min(time) > INTERVAL '8 minutes', "
            + "count(DISTINCT path) > 5, count(DISTINCT user_id) > 100, count(DISTINCT session_id) > 100, "
            + "bool_and(source = 'generated') FROM logs WHERE domain = 'spread.example'").get(0);
        assertEquals(List.of("t", "t", "t", "t", "t", "t", "t"), row);
        // the dashboard's live count holds the current and the previous minute, as the rows do
        List<List<String>> live = Sql.rows(db, "SELECT minute::text, hits::text FROM domain_live "
            + "WHERE domain = 'spread.example' ORDER BY minute");
        assertTrue(!live.isEmpty() && live.size() <= 2, live.toString());
        assertEquals(live, Sql.rows(db, "SELECT time_bucket('1 minute', time)::text, count(*)::text FROM logs "
            + "WHERE domain = 'spread.example' AND time >= '" + live.get(0).get(0) + "' GROUP BY 1 ORDER BY 1"));
    }

    @Test
    void backgroundTrafficFollowsTheDomainsPopularity() {
        runs("{\"use_specific_domain\": false, \"amount\": 20000, \"domain\": \"unused.example\"}", 1);
        List<List<String>> top = Sql.rows(db, "SELECT domain, count(*) FROM logs "
            + "WHERE domain IN (SELECT domain FROM webtop_background_domains()) "
            + "GROUP BY 1 ORDER BY 2 DESC LIMIT 3");
        assertEquals("google.com", top.get(0).get(0));
        long first = Long.parseLong(top.get(0).get(1));
        long domains = Sql.number(db, "SELECT count(DISTINCT domain) FROM logs "
            + "WHERE domain IN (SELECT domain FROM webtop_background_domains())");
        assertTrue(domains >= 45, "domains seen: " + domains);
        // Zipf with 50 ranks: the first takes 1 / H(50) = 22 % of the traffic
        assertEquals(0.22, first / 20000.0, 0.03);
    }

    @Test
    void aBadConfigIsRejectedAsInvalidAndWritesNothing() {
        for (String config : List.of("{\"domain\": \"x.example\"}",
            "{\"domain\": \"x.example\", \"amount\": -5}",
            "{\"domain\": \"x.example\", \"amount\": 5, \"burst_probability\": 1.5}",
            "{\"domain\": \"not a domain\", \"amount\": 5}",
            "{\"domain\": \"x.example\", \"amount_min\": 9, \"amount_max\": 3}")) {
            assertEquals("22023", Sql.failure(db, "CALL generate_log_data_job(1, '" + config + "')"),
                config);
        }
        assertEquals(0, Sql.number(db, "SELECT count(*) FROM logs WHERE domain = 'x.example'"));
    }
}
