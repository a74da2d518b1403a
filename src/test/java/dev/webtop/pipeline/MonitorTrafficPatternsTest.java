package dev.webtop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * monitor_traffic_patterns on crafted minutes, read at a fixed moment so that the clock cannot
 * move a row into another window. Defaults: High from 1000 hits a minute, Medium from 100; trend
 * over 5 minutes against the 5 before with ratio 1.2; burst above 3 times the 10-minute median.
 */
class MonitorTrafficPatternsTest {
    private static DbTarget db;
    private static Map<String, List<String>> byDomain;

    /** `hits` rows for a domain in the minute `minutesAgo` before the reading's current minute. */
    private static String minute(String domain, int minutesAgo, int hits) {
        return "INSERT INTO logs (time, domain) SELECT time_bucket('1 minute', at) - INTERVAL '"
            + minutesAgo + " minutes' + INTERVAL '30 seconds', '" + domain + "' "
            + "FROM reading, generate_series(1, " + hits + ");";
    }

    @BeforeAll
    static void craftedMinutes() {
        db = TestDatabase.withPipeline();
        StringBuilder sql = new StringBuilder(
            "CREATE TABLE reading AS SELECT now() - INTERVAL '1 hour' AS at;");
        sql.append(minute("high.example", 1, 1200));
        sql.append(minute("high.example", 55, 1));   // seen before: silence, not a new domain
        for (int ago = 1; ago <= 11; ago++) {
            sql.append(minute("medium.example", ago, 150));
            sql.append(minute("burst.example", ago, ago == 1 ? 40 : 10));
            sql.append(minute("calm.example", ago, ago == 1 ? 25 : 10));
        }
        for (int ago = 1; ago <= 11; ago++) {
            sql.append(minute("declining.example", ago, ago <= 5 ? 10 : 50));
            sql.append(minute("growing.example", ago, ago <= 5 ? 20 : 10));
        }
        for (int ago = 1; ago <= 3; ago++) {
            sql.append(minute("new.example", ago, 500));   // three minutes of history: nothing to compare with
        }
        for (int ago = 4; ago <= 6; ago++) {
            sql.append(minute("gone-quiet.example", ago, 30));   // traffic, then three silent minutes
        }
        sql.append(minute("quiet.example", 30, 5));
        Sql.insertLogs(db, sql.toString());
        byDomain = Sql.rows(db, "SELECT m.domain, hits_last_minute, hits_last_10_minutes, "
                + "hits_last_hour, traffic_level, trend, is_burst FROM reading, "
                + "monitor_traffic_patterns(reading.at) m").stream()
            .collect(Collectors.toMap(row -> row.get(0), row -> row.subList(1, row.size())));
    }

    @Test
    void levelsFollowTheLastMinute() {
        assertEquals("High", byDomain.get("high.example").get(3));
        assertEquals("Medium", byDomain.get("medium.example").get(3));
        assertEquals("Low", byDomain.get("burst.example").get(3));
    }

    @Test
    void windowsCountWholeMinutesBeforeTheCurrentOne() {
        assertEquals(List.of("150", "1500", "1650"), byDomain.get("medium.example").subList(0, 3));
        assertEquals(List.of("1200", "1200", "1201"), byDomain.get("high.example").subList(0, 3));
    }

    @Test
    void trendComparesTheRecentWindowWithTheOneBefore() {
        assertEquals("Stable", byDomain.get("medium.example").get(4));
        assertEquals("Declining", byDomain.get("declining.example").get(4));
        assertEquals("Growing", byDomain.get("growing.example").get(4));
        assertEquals("Growing", byDomain.get("high.example").get(4), "empty previous window");
    }

    @Test
    void aDomainWhoseHistoryDoesNotCoverTheBaselineOrTheTrendReadsNewNeverABurst() {
        assertEquals(List.of("500", "1500", "1500", "Medium", "New", "f"), byDomain.get("new.example"));
        assertEquals(List.of("0", "90", "90", "Low", "New", "f"), byDomain.get("gone-quiet.example"));
    }

    @Test
    void emptyWindowsReadStableLowAndNoBurst() {
        assertEquals(List.of("0", "0", "5", "Low", "Stable", "f"), byDomain.get("quiet.example"));
    }

    @Test
    void aBurstIsAMinuteAboveThreeTimesTheTrailingMedian() {
        assertEquals("t", byDomain.get("burst.example").get(5), "40 against a median of 10");
        assertEquals("f", byDomain.get("calm.example").get(5), "25 against a median of 10");
        assertEquals("f", byDomain.get("medium.example").get(5));
        assertEquals("t", byDomain.get("high.example").get(5), "1200 after silence");
    }

    @Test
    void domainsWithoutTrafficInTheLastHourAreLeftOut() {
        assertEquals(9, byDomain.size(), byDomain.keySet().toString());
    }
}
