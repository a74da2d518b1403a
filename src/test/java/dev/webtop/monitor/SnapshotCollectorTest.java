package dev.webtop.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import dev.webtop.monitor.DashboardSnapshot.DomainRow;
import dev.webtop.support.Await;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.traffic.LogBatch;
import dev.webtop.traffic.LogSlice;
import dev.webtop.traffic.Source;
import dev.webtop.traffic.TrafficWriter;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The collector's numbers against the same questions asked in SQL, on crafted data. */
class SnapshotCollectorTest {
    private static DbTarget db;
    /** The reading time: 30 seconds into the minute all crafted rows are counted back from. */
    private static Instant reading;

    @BeforeAll
    static void craftedData() {
        db = TestDatabase.withPipeline();
        Sql.execute(db, "CREATE TABLE reference AS SELECT time_bucket('1 minute', now()) AS minute");
        reading = Instant.parse(Sql.value(db, "SELECT to_char(minute AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM reference"))
            .plusSeconds(30);
        StringBuilder sql = new StringBuilder();
        // per domain, hits in minute k before the current one: a.example k * 3, b.example 40 flat,
        // c.example a burst in the last minute over a baseline of 10
        for (int ago = 1; ago <= 70; ago++) {
            sql.append(minute("a.example", ago, ago * 3));
            sql.append(minute("b.example", ago, 40));
            sql.append(minute("c.example", ago, ago == 1 ? 90 : 10));
        }
        sql.append("INSERT INTO elections (id, elected_at, candidates, window_start, recent_start, window_end, "
            + "weight_total, weight_recent) VALUES "
            + "(1, now() - INTERVAL '2 days', 2, now(), now(), now(), 0.7, 0.3), "
            + "(2, now() - INTERVAL '1 day', 3, now(), now(), now(), 0.7, 0.3);");
        sql.append("INSERT INTO election_results VALUES (1, 1, 'a.example', 1, 10, 1), (1, 2, 'b.example', 0.5, 5, 1), "
            + "(2, 1, 'b.example', 1, 10, 1), (2, 2, 'a.example', 0.9, 9, 1), (2, 3, 'c.example', 0.1, 1, 1);");
        Sql.insertLogs(db, sql.toString());
        Sql.execute(db, "SELECT webtop_refresh_current('" + reading + "')");
    }

    private static String minute(String domain, int minutesAgo, int hits) {
        return "INSERT INTO logs (time, domain) SELECT minute - INTERVAL '" + minutesAgo
            + " minutes' + INTERVAL '10 seconds', '" + domain + "' FROM reference, generate_series(1, " + hits + ");";
    }

    private static DashboardSnapshot collect(Window window, String detail) throws Exception {
        try (Connection connection = Database.connect(db)) {
            DashboardState state = DashboardState.initial(java.time.Duration.ofSeconds(1), window).withDetail(detail);
            return new SnapshotCollector("external", db.maskedUrl()).collect(connection, state, reading);
        }
    }

    private static Map<String, DomainRow> byDomain(DashboardSnapshot snapshot) {
        return snapshot.domains().stream().collect(Collectors.toMap(DomainRow::domain, Function.identity()));
    }

    @Test
    void domainRowsAgreeWithMonitorTrafficPatterns() throws Exception {
        DashboardSnapshot snapshot = collect(Window.ONE_MINUTE, null);
        Map<String, DomainRow> rows = byDomain(snapshot);
        List<List<String>> expected = Sql.rows(db, "SELECT domain, hits_last_minute, hits_last_10_minutes, hits_last_hour, "
            + "traffic_level, trend, is_burst FROM monitor_traffic_patterns('" + snapshot.takenAt() + "')");
        assertEquals(expected.size(), rows.size());
        for (List<String> row : expected) {
            DomainRow actual = rows.get(row.get(0));
            assertEquals(List.of(row.get(1), row.get(2), row.get(3), row.get(4), row.get(5), row.get(6)),
                List.of(String.valueOf(actual.hits1m()), String.valueOf(actual.hits10m()), String.valueOf(actual.hits1h()),
                    actual.level(), actual.trend(), actual.burst() ? "t" : "f"), row.get(0));
        }
        assertEquals(3, rows.get("a.example").hits1m());
        assertEquals(3 * 55, rows.get("a.example").hits10m());
        assertEquals("Declining", rows.get("a.example").trend(), "fewer hits each minute towards now");
        assertTrue(rows.get("c.example").burst());
        assertEquals(9.0, rows.get("c.example").burstMultiple(), 1e-9);
    }

    @Test
    void theDatabaseFiltersAndSortsAsTheDashboardDoes() throws Exception {
        try (Connection connection = Database.connect(db)) {
            SnapshotCollector collector = new SnapshotCollector("external", db.maskedUrl());
            DashboardState byName = StateTransitions.apply(StateTransitions.apply(
                DashboardState.initial(java.time.Duration.ofSeconds(1), Window.ONE_MINUTE), Action.SORT_PREVIOUS, null),
                Action.SORT_PREVIOUS, null);
            assertEquals(SortColumn.DOMAIN, byName.sort());
            assertEquals(List.of("a.example", "b.example", "c.example"), collector.collect(connection, byName, reading)
                .domains().stream().map(DomainRow::domain).toList());
            DashboardState filtered = StateTransitions.applyFilter(StateTransitions.typeFilter(
                StateTransitions.typeFilter(StateTransitions.apply(byName, Action.FILTER, null), '^'), 'b'));
            DashboardSnapshot snapshot = collector.collect(connection, filtered, reading);
            assertEquals(List.of("b.example"), snapshot.domains().stream().map(DomainRow::domain).toList());
            assertEquals(1, snapshot.domainsTotal());
            assertEquals(3 + 40 + 90, snapshot.windowTotalHits(), "the share's base counts every domain");
            assertEquals(List.of("c.example"), collector.collect(connection, byName, reading).bursts().stream()
                .map(DomainRow::domain).toList());
        }
    }

    @Test
    void aSourceKeepsTheTrafficPanelsToItsDomains() throws Exception {
        // c.example (in a burst) and b.example had DNS queries; generate's writers note their own
        Sql.execute(db, "INSERT INTO domain_sources VALUES ('b.example', 'dns', now()), ('c.example', 'dns', now()), "
            + "('a.example', 'access_log', now() - INTERVAL '2 days')");
        try (Connection connection = Database.connect(db)) {
            SnapshotCollector collector = new SnapshotCollector("external", db.maskedUrl());
            DashboardState all = DashboardState.initial(java.time.Duration.ofSeconds(1), Window.ONE_MINUTE);
            DashboardState dns = all.withSource("dns");
            DashboardSnapshot snapshot = collector.collect(connection, dns, reading);
            assertEquals(List.of("b.example", "c.example"),
                snapshot.domains().stream().map(DomainRow::domain).sorted().toList());
            assertEquals(2, snapshot.domainsTotal());
            assertEquals(List.of("c.example"), snapshot.bursts().stream().map(DomainRow::domain).toList());
            assertEquals(List.of(), collector.collect(connection, all.withSource("access_log"), reading).domains(),
                "a.example's access-log traffic is older than a day");
            assertEquals(3, collector.collect(connection, all, reading).domains().size());
        } finally {
            Sql.execute(db, "TRUNCATE domain_sources");
        }
    }

    @Test
    void trafficCommittedThisMinuteCountsAtOnceAlsoForADomainNotSeenBefore() throws Exception {
        Await.clearOfMinuteEnd(Duration.ofSeconds(10));
        long now = System.currentTimeMillis() * 1000;
        LogBatch batch = new LogBatch(Source.ACCESS_LOG, 16);
        byte[] fresh = LogBatch.utf8("fresh.example");
        byte[] known = LogBatch.utf8("b.example");
        byte[] path = LogBatch.utf8("/");
        for (int i = 0; i < 5; i++) {
            batch.add(now - 1000, fresh, path);
        }
        batch.add(now - 1000, known, path);
        batch.add(now - 1000, known, path);
        batch.add(now - 3 * 60_000_000L, fresh, path);   // older than the live minutes: the aggregates' part
        try (TrafficWriter writer = new TrafficWriter(db)) {
            writer.write(LogSlice.all(batch));
        }
        try {
            DashboardSnapshot snapshot = collect(Window.ONE_MINUTE, null);
            Map<String, DomainRow> rows = byDomain(snapshot);
            assertEquals(5, rows.get("fresh.example").hitsNow());
            assertEquals(0, rows.get("fresh.example").hits1m(), "no complete minute yet");
            assertEquals(30, rows.get("fresh.example").last30Minutes().size());
            assertEquals(2, rows.get("b.example").hitsNow());
            assertEquals(40, rows.get("b.example").hits1m());
            assertEquals(0, rows.get("a.example").hitsNow());
            assertEquals(4, snapshot.domainsTotal());
            try (Connection connection = Database.connect(db)) {
                DashboardState byNow = StateTransitions.apply(
                    DashboardState.initial(Duration.ofSeconds(1), Window.ONE_MINUTE), Action.SORT_PREVIOUS, null);
                assertEquals(List.of("fresh.example", "b.example", "a.example", "c.example"),
                    new SnapshotCollector("external", db.maskedUrl()).collect(connection, byNow, reading).domains()
                        .stream().map(DomainRow::domain).toList());
            }
            // the job keeps the current and the previous minute only
            Sql.execute(db, "INSERT INTO domain_live VALUES ('old.example', time_bucket('1 minute', now()) - INTERVAL '2 minutes', 7)");
            Sql.execute(db, "SELECT webtop_refresh_current('" + reading + "')");
            assertEquals(List.of(List.of("b.example", "2"), List.of("fresh.example", "5")),
                Sql.rows(db, "SELECT domain, hits::text FROM domain_live ORDER BY domain"));
        } finally {
            Sql.execute(db, "DELETE FROM logs WHERE source = 'access_log'; DELETE FROM page_hourly WHERE domain = 'fresh.example'; "
                + "TRUNCATE domain_live, domain_sources; SELECT webtop_refresh_current('" + reading + "')");
        }
    }

    @Test
    void probesShowStateUptimeAndTheirLatestLatencies() throws Exception {
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '1 minute' AS time, 'lab' AS location, "
            + "'https://a.example/' AS target, CASE WHEN g <= 2 THEN 'connect_refused' ELSE 'ok' END AS outcome, "
            + "g > 2 AS responsive, g AS total_ms, now() + INTERVAL '30 days 1 hour' AS cert_not_after "
            + "FROM generate_series(1, 40) g");
        DashboardSnapshot.ProbeRow probe = collect(Window.ONE_MINUTE, null).probes().get(0);
        assertEquals("https://a.example/", probe.target());
        assertEquals("down", probe.state());
        assertEquals(95.0, probe.uptime24h(), 1e-9);
        assertEquals(30, probe.latencies().size());
        assertEquals(1.0, probe.latencies().get(29), 1e-9, "the newest last");
        assertEquals(30L, probe.certDaysLeft());
    }

    @Test
    void probesShowExactlyTheKeptTargetsOnceThereAreAny() throws Exception {
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '1 minute' AS time, 'lab' AS location, t.target, "
            + "'ok' AS outcome, true AS responsive, 5 AS total_ms FROM generate_series(1, 3) g, "
            + "(VALUES ('https://kept.example/'), ('https://removed.example/')) t (target)");
        try {
            Sql.execute(db, "INSERT INTO probe_targets (url) VALUES ('https://kept.example/'), ('https://added.example/')");
            List<String> shown = collect(Window.ONE_MINUTE, null).probes().stream()
                .map(p -> p.target() + " " + p.state()).toList();
            assertEquals(List.of("https://added.example/ pending", "https://kept.example/ up"), shown);
        } finally {
            Sql.execute(db, "TRUNCATE probe_targets");
        }
    }

    @Test
    void theSparklineHoldsTheLast30MinutesOldestFirst() throws Exception {
        List<Long> spark = byDomain(collect(Window.ONE_MINUTE, null)).get("a.example").last30Minutes();
        assertEquals(30, spark.size());
        assertEquals(90L, spark.get(0), "30 minutes ago");
        assertEquals(3L, spark.get(29), "the last complete minute");
    }

    @Test
    void windowsSumTheirPeriodAndThePeriodBefore() throws Exception {
        DomainRow tenMinutes = byDomain(collect(Window.TEN_MINUTES, null)).get("b.example");
        assertEquals(400, tenMinutes.windowHits());
        assertEquals(400, tenMinutes.previousWindowHits());
        assertEquals(0.0, tenMinutes.windowChangePercent(), 1e-9);
        DomainRow hour = byDomain(collect(Window.ONE_HOUR, null)).get("b.example");
        String end = "time_bucket('10 minutes', '" + reading + "'::timestamptz)";
        long expected = Sql.number(db, "SELECT sum(hits) FROM domain_stats_10m WHERE domain = 'b.example' "
            + "AND bucket >= " + end + " - INTERVAL '1 hour' AND bucket < " + end);
        assertEquals(expected, hour.windowHits());
    }

    @Test
    void electedRowsCarryTheirMovementSinceThePreviousElection() throws Exception {
        Map<String, String> movement = collect(Window.ONE_MINUTE, null).elected().stream()
            .collect(Collectors.toMap(DashboardSnapshot.ElectedRow::domain, DashboardSnapshot.ElectedRow::movement));
        assertEquals(Map.of("b.example", "up 1", "a.example", "down 1", "c.example", "new"), movement);
    }

    @Test
    void jobsStorageAndDetailComeFromTheReadSide() throws Exception {
        DashboardSnapshot snapshot = collect(Window.ONE_MINUTE, "a.example");
        assertEquals(Sql.number(db, "SELECT count(*) FROM webtop_jobs"), snapshot.jobs().size());
        assertEquals(List.of("logs", "domain_stats_1m", "domain_stats_10m", "domain_stats_1d"),
            snapshot.storage().stream().map(DashboardSnapshot.StorageRow::object).toList());
        assertTrue(snapshot.storage().get(0).totalBytes() > 0);
        assertEquals(60, snapshot.detail().perMinute().size());
        assertEquals(180L, snapshot.detail().perMinute().get(0), "60 minutes ago");
        assertEquals(3L, snapshot.detail().perMinute().get(59));
        assertEquals(List.of(2, 1), snapshot.detail().elections().stream().map(DashboardSnapshot.ElectionEntry::rank).toList());
    }
}
