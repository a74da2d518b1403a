package dev.webtop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Elections compared with a ranking computed here, independently, from the same raw rows. */
class ElectionTest {
    private static final double WEIGHT_TOTAL = 0.6;
    private static final double WEIGHT_RECENT = 0.4;
    private static final int MIN_HITS = 50;
    private static final int TOP_N = 5;
    private static DbTarget db;

    private record Scored(String domain, long total, long recent, double score) {
    }

    @BeforeAll
    static void traffic() {
        db = TestDatabase.withPipeline();
        for (String setting : List.of("candidates.window=3 hours", "candidates.min_hits=" + MIN_HITS,
            "election.window=3 hours", "election.recent_window=30 minutes",
            "election.top_n=" + TOP_N, "election.weight_total=" + WEIGHT_TOTAL,
            "election.weight_recent=" + WEIGHT_RECENT)) {
            String[] kv = setting.split("=");
            Sql.execute(db, "SELECT webtop_set_setting('" + kv[0] + "', '" + kv[1] + "')");
        }
        Random random = new Random(42);
        StringBuilder sql = new StringBuilder();
        for (int d = 0; d < 30; d++) {
            int old = random.nextInt(400);
            int recent = random.nextInt(200);
            sql.append("INSERT INTO logs (time, domain) SELECT now() - INTERVAL '31 minutes' - random() "
                + "* INTERVAL '2 hours 25 minutes', 'site" + d + ".example' FROM generate_series(1, " + old + ");");
            sql.append("INSERT INTO logs (time, domain) SELECT now() - INTERVAL '1 minute' - random() "
                + "* INTERVAL '28 minutes', 'site" + d + ".example' FROM generate_series(1, " + recent + ");");
        }
        Sql.insertLogs(db, sql.toString());
    }

    private static Map<String, Long> rawHits(String from, String to) {
        Map<String, Long> hits = new HashMap<>();
        for (List<String> row : Sql.rows(db, "SELECT domain, count(*) FROM logs WHERE time >= '" + from
            + "' AND time < '" + to + "' GROUP BY 1")) {
            hits.put(row.get(0), Long.parseLong(row.get(1)));
        }
        return hits;
    }

    /** The ranking as the election's comment defines it, from raw rows and the election's bounds. */
    private static List<Scored> expectedRanking(long electionId) {
        List<String> bounds = Sql.rows(db, "SELECT window_start, recent_start, window_end, "
            + "(SELECT max(collected_at) FROM website_candidates), "
            + "(SELECT window_start FROM website_candidates ORDER BY collected_at DESC LIMIT 1), "
            + "(SELECT window_end FROM website_candidates ORDER BY collected_at DESC LIMIT 1) "
            + "FROM elections WHERE id = " + electionId).get(0);
        Map<String, Long> candidateWindow = rawHits(bounds.get(4), bounds.get(5));
        Map<String, Long> total = rawHits(bounds.get(0), bounds.get(2));
        Map<String, Long> recent = rawHits(bounds.get(1), bounds.get(2));
        List<String> candidates = candidateWindow.entrySet().stream()
            .filter(e -> e.getValue() >= MIN_HITS).map(Map.Entry::getKey).toList();
        long maxTotal = candidates.stream().mapToLong(d -> total.getOrDefault(d, 0L)).max().orElse(0);
        long maxRecent = candidates.stream().mapToLong(d -> recent.getOrDefault(d, 0L)).max().orElse(0);
        List<Scored> scored = new ArrayList<>();
        for (String domain : candidates) {
            long t = total.getOrDefault(domain, 0L);
            long r = recent.getOrDefault(domain, 0L);
            double score = (maxTotal == 0 ? 0 : WEIGHT_TOTAL * t / maxTotal)
                + (maxRecent == 0 ? 0 : WEIGHT_RECENT * r / maxRecent);
            scored.add(new Scored(domain, t, r, score));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed()
            .thenComparing(Comparator.comparingLong(Scored::total).reversed())
            .thenComparing(Scored::domain));
        return scored.subList(0, Math.min(TOP_N, scored.size()));
    }

    @Test
    void theElectedRankingEqualsAnIndependentComputationAndHistoryIsKept() {
        long candidates = Sql.number(db, "SELECT populate_website_candidates()");
        long first = Sql.number(db, "SELECT elect_top_websites()");
        List<Scored> expected = expectedRanking(first);
        assertTrue(candidates > TOP_N, "candidates: " + candidates);

        List<List<String>> elected = Sql.rows(db, "SELECT rank, domain, score, total_hits, recent_hits "
            + "FROM election_results WHERE election_id = " + first + " ORDER BY rank");
        assertEquals(expected.size(), elected.size());
        for (int i = 0; i < expected.size(); i++) {
            List<String> row = elected.get(i);
            assertEquals(String.valueOf(i + 1), row.get(0));
            assertEquals(expected.get(i).domain(), row.get(1), "rank " + (i + 1));
            assertEquals(expected.get(i).score(), Double.parseDouble(row.get(2)), 1e-9);
            assertEquals(String.valueOf(expected.get(i).total()), row.get(3));
            assertEquals(String.valueOf(expected.get(i).recent()), row.get(4));
        }

        long second = Sql.number(db, "SELECT elect_top_websites()");
        assertEquals(2, Sql.number(db, "SELECT count(*) FROM elections WHERE id >= " + first));
        assertEquals(TOP_N, Sql.number(db, "SELECT count(*) FROM election_results WHERE election_id = " + first));
        assertEquals(TOP_N, Sql.number(db, "SELECT count(*) FROM election_results WHERE election_id = " + second));
        assertEquals(expected.get(0).domain(), Sql.value(db, "SELECT domain FROM top_websites WHERE rank = 1"));
        String winner = expected.get(0).domain();
        assertEquals(Sql.value(db, "SELECT count(*) FROM election_results WHERE domain = '" + winner + "'"),
            Sql.value(db, "SELECT times_elected FROM website_stats WHERE domain = '" + winner + "'"));
    }

    @Test
    void longTermStatsDescribeEachElectedWebsitesHourlyTraffic() {
        Sql.number(db, "SELECT populate_website_candidates()");
        Sql.number(db, "SELECT elect_top_websites()");
        List<String> row = Sql.rows(db, "SELECT count(*), bool_and(first_seen <= last_seen), "
            + "bool_and(avg_hourly_hits > 0), bool_and(p95_hourly_hits >= avg_hourly_hits * 0.5), "
            + "bool_and(volatility >= 0) FROM website_stats").get(0);
        assertEquals(List.of(Sql.value(db, "SELECT count(DISTINCT domain) FROM election_results"),
            "t", "t", "t", "t"), row);
    }
}
