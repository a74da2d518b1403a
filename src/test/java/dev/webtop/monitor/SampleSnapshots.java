package dev.webtop.monitor;

import dev.webtop.db.Job;
import dev.webtop.monitor.DashboardSnapshot.DomainRow;
import dev.webtop.monitor.DashboardSnapshot.ElectedRow;
import dev.webtop.monitor.DashboardSnapshot.Header;
import dev.webtop.monitor.DashboardSnapshot.StorageRow;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A fixed snapshot, so that rendering tests compare against text that never changes. */
final class SampleSnapshots {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:30Z");

    private SampleSnapshots() {
    }

    static List<Long> ramp(long from, long step) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < SnapshotCollector.SPARK_MINUTES; i++) {
            values.add(Math.max(0, from + step * i));
        }
        return values;
    }

    static DashboardSnapshot busy() {
        List<DomainRow> domains = new ArrayList<>(List.of(
            new DomainRow("bursty-traffic.com", 4210, 10000, 28000, 64000, 10000, 1000, "High", "Growing", true, 1000, ramp(1000, 0)),
            new DomainRow("openai.com", 5100, 4800, 48000, 288000, 4800, 4700, "High", "Stable", false, 4800, ramp(4800, 0)),
            new DomainRow("claude.ai", 902, 1800, 17500, 105000, 1800, 1900, "High", "Stable", false, 1750, ramp(1750, 2)),
            new DomainRow("anthropic.com", 731, 1450, 13000, 52000, 1450, 1400, "High", "Growing", false, 1200, ramp(100, 50)),
            new DomainRow("perplexity.ai", 58, 120, 1400, 12000, 120, 140, "Medium", "Declining", false, 200, ramp(700, -20)),
            new DomainRow("steady-traffic.com", 251, 500, 5000, 30000, 500, 500, "Medium", "Stable", false, 500, ramp(500, 0)),
            new DomainRow("google.com", 97, 215, 2217, 6498, 215, 0, "Medium", "Stable", false, 219, ramp(210, 0)),
            new DomainRow("quiet.example", 0, 0, 0, 5, 0, 0, "Low", "Stable", false, 0, ramp(0, 0))));
        List<ElectedRow> elected = List.of(
            new ElectedRow(1, "openai.com", 0.987, 6_900_000, 288_000, 2, NOW.minus(Duration.ofHours(12)), true),
            new ElectedRow(2, "bursty-traffic.com", 0.811, 5_100_000, 64_000, 1, NOW.minus(Duration.ofHours(12)), true),
            new ElectedRow(3, "claude.ai", 0.402, 2_500_000, 105_000, null, NOW.minus(Duration.ofHours(12)), true));
        OffsetDateTime at = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
        List<Job> jobs = List.of(
            new Job(11, "pattern:bursty-traffic.com", "pattern", Duration.ofMinutes(1), "{}", at.minusSeconds(30), "succeeded", 120, 0, at.plusSeconds(30)),
            new Job(14, "pattern:openai.com", "pattern", Duration.ofSeconds(5), "{}", at.minusSeconds(2), "succeeded", 1440, 0, at.plusSeconds(3)),
            new Job(20, "pattern:broken.example", "pattern", Duration.ofMinutes(1), "{}", at.minusSeconds(10), "failed", 12, 12, at.plusSeconds(50)),
            new Job(1, "webtop-rollup", "core", Duration.ofSeconds(30), "{}", at.minusSeconds(15), "succeeded", 240, 0, at.plusSeconds(15)));
        List<StorageRow> storage = List.of(
            new StorageRow("logs", "raw", 120_000_000, 4, 1, 9.5, "on", "1 hour"),
            new StorageRow("domain_stats_1m", "aggregate", 4_000_000, 1, 0, null, "off", "1 day"),
            new StorageRow("domain_stats_10m", "aggregate", 900_000, 1, 0, null, "off", "7 days"),
            new StorageRow("domain_stats_1d", "aggregate", 24_576, 0, 0, null, "off", "90 days"));
        Header header = new Header("local", "apache", "2.19.3", "postgresql://postgres:****@127.0.0.1:55432/website_tracker",
            64_000_000, 310.5, 298.2, null);
        return new DashboardSnapshot(NOW, Window.ONE_MINUTE, null, header, NOW.minusSeconds(4), domains.size(),
            domains.stream().mapToLong(DomainRow::windowHits).sum(), domains,
            domains.stream().filter(DomainRow::burst).toList(), elected, jobs, storage, probes(), statuses(), List.of(), null,
            Map.of("header", 1L, "domains", 4L));
    }

    static List<DashboardSnapshot.ProbeRow> probes() {
        return List.of(
            new DashboardSnapshot.ProbeRow("https://shop.example/", "lab", "down", NOW.minusSeconds(20), "connect_refused",
                91.5, List.of(120.0, 130.0, 2000.0, 2000.0), null, NOW.minusSeconds(200), false),
            new DashboardSnapshot.ProbeRow("https://openai.com/", "lab", "up", NOW.minusSeconds(40), "ok",
                100.0, List.of(80.0, 95.0, 90.0, 110.0), 41L, null, true));
    }

    static List<DashboardSnapshot.StatusRow> statuses() {
        return List.of(
            new DashboardSnapshot.StatusRow("shop.example", 12_000, 900, 300, 10.0),
            new DashboardSnapshot.StatusRow("openai.com", 48_000, 480, 0, 1.0));
    }

    static DashboardSnapshot empty() {
        DashboardSnapshot busy = busy();
        return new DashboardSnapshot(NOW, Window.ONE_MINUTE, null, busy.header(), null, 0, 0, List.of(), List.of(), List.of(), List.of(),
            busy.storage(), List.of(), List.of(), List.of(), null, Map.of());
    }
}
