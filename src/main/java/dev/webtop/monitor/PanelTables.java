package dev.webtop.monitor;

import dev.webtop.config.Durations;
import dev.webtop.db.Job;
import dev.webtop.monitor.DashboardSnapshot.DomainRow;
import dev.webtop.monitor.DashboardSnapshot.ElectedRow;
import dev.webtop.monitor.DashboardSnapshot.StorageRow;
import dev.webtop.monitor.Table.Cell;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jline.utils.AttributedStyle;

/** The columns of every panel, as data: header, width, alignment, drop priority, cell. */
final class PanelTables {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** A top-websites row with its place in the current sort. */
    record Ranked(int rank, DomainRow row) {
    }

    private final RenderOptions options;
    private final Styles styles;

    PanelTables(RenderOptions options, Styles styles) {
        this.options = options;
        this.styles = styles;
    }

    /**
     * Each row's sparkline is scaled to its own busiest minute (a shared scale would flatten every
     * row but the busiest); share is of `windowTotal`.
     */
    Table<Ranked> websites(Window window, long windowTotal) {
        Table<Ranked> table = new Table<Ranked>()
            .add("#", 3, true, 6, r -> Cell.plain(String.valueOf(r.rank())))
            .flexible("DOMAIN", 12, 32, r -> Cell.plain(r.row().domain()))
            .add("NOW", 6, true, 0, r -> Cell.plain(Text.count(r.row().hitsNow())))
            .add("1M", 7, true, 0, r -> Cell.plain(Text.count(r.row().hits1m())))
            .add("10M", 8, true, 4, r -> Cell.plain(Text.count(r.row().hits10m())))
            .add("1H", 9, true, 2, r -> Cell.plain(Text.count(r.row().hits1h())));
        if (window == Window.ONE_DAY) {
            table.add("1D", 10, true, 3, r -> Cell.plain(Text.count(r.row().windowHits())));
        }
        table.add("Δ" + window.label().toUpperCase(Locale.ROOT), 6, true, 5,
                r -> Cell.plain(Text.percent(r.row().windowChangePercent())))
            .add("SHARE", 6, true, 7, r -> Cell.plain(windowTotal == 0 ? "-"
                : String.format(Locale.ROOT, "%.1f%%", 100.0 * r.row().windowHits() / windowTotal)))
            .add("LEVEL", 6, false, 1, r -> new Cell(r.row().level(), styles.level(r.row().level())))
            .add("TREND", 11, false, 3, r -> new Cell(r.row().trend().equals("New") ? "new"
                    : arrow(r.row().trend()) + " " + r.row().trend(),
                styles.trend(r.row().trend())))
            .add("BURST", 5, false, 2, r -> r.row().burst() ? new Cell("BURST", styles.burst) : Cell.plain(""))
            .add("LAST 30 MIN", SnapshotCollector.SPARK_MINUTES, false, 8,
                r -> Cell.plain(Sparkline.render(r.row().last30Minutes(),
                    r.row().last30Minutes().stream().mapToLong(Long::longValue).max().orElse(0), options.ascii())));
        return table;
    }

    private String arrow(String trend) {
        return switch (trend) {
            case "Growing" -> options.up();
            case "Declining" -> options.down();
            default -> options.steady();
        };
    }

    Table<DomainRow> bursts() {
        return new Table<DomainRow>()
            .flexible("DOMAIN", 12, 32, d -> Cell.plain(d.domain()))
            .add("LAST MIN", 9, true, 0, d -> new Cell(Text.count(d.hits1m()), styles.burst))
            .add("BASELINE", 9, true, 1, d -> Cell.plain(String.format(Locale.ROOT, "%.0f", d.baselineMedian())))
            .add("MULTIPLE", 9, true, 0, d -> Cell.plain(String.format(Locale.ROOT, "x%.1f", d.burstMultiple())));
    }

    Table<ElectedRow> elected() {
        return new Table<ElectedRow>()
            .add("RANK", 4, true, 0, e -> Cell.plain(String.valueOf(e.rank())))
            .flexible("DOMAIN", 12, 32, e -> Cell.plain(e.domain()))
            .add("SCORE", 6, true, 1, e -> Cell.plain(String.format(Locale.ROOT, "%.3f", e.score())))
            .add("TOTAL", 10, true, 2, e -> Cell.plain(Text.count(e.totalHits())))
            .add("RECENT", 9, true, 3, e -> Cell.plain(Text.count(e.recentHits())))
            .add("MOVE", 7, false, 0, e -> new Cell(movement(e), e.previousRank() == null ? styles.good : AttributedStyle.DEFAULT));
    }

    private String movement(ElectedRow elected) {
        String move = elected.movement();
        if (move.startsWith("up ")) {
            return options.up() + move.substring(3);
        }
        if (move.startsWith("down ")) {
            return options.down() + move.substring(5);
        }
        return move.equals("same") ? "=" : move;
    }

    Table<Job> jobs() {
        return new Table<Job>()
            .flexible("NAME", 14, 32, j -> new Cell(("failed".equals(j.lastStatus()) ? "! " : "") + j.name(), jobStyle(j)))
            .add("KIND", 7, false, 4, j -> Cell.plain(j.kind()))
            .add("EVERY", 5, true, 2, j -> Cell.plain(Durations.format(j.schedule())))
            .add("LAST RUN", 8, false, 3, j -> Cell.plain(j.lastRun() == null ? "-" : CLOCK.format(j.lastRun().atZoneSameInstant(options.zone()))))
            .add("STATUS", 9, false, 0, j -> new Cell(j.lastStatus() == null ? "-" : j.lastStatus(), jobStyle(j)))
            .add("RUNS", 6, true, 5, j -> Cell.plain(Text.count(j.totalRuns())))
            .add("FAILED", 6, true, 1, j -> new Cell(Text.count(j.failures()), j.failures() > 0 ? styles.warning : AttributedStyle.DEFAULT))
            .add("NEXT RUN", 8, false, 6, j -> Cell.plain(j.nextRun() == null ? "-" : CLOCK.format(j.nextRun().atZoneSameInstant(options.zone()))));
    }

    private AttributedStyle jobStyle(Job job) {
        return "failed".equals(job.lastStatus()) ? styles.bad : AttributedStyle.DEFAULT;
    }

    Table<StorageRow> storage() {
        return new Table<StorageRow>()
            .flexible("OBJECT", 16, 24, s -> Cell.plain(s.object()))
            .add("SIZE", 9, true, 0, s -> Cell.plain(Text.bytes(s.totalBytes())))
            .add("CHUNKS", 6, true, 2, s -> Cell.plain(String.valueOf(s.chunks())))
            .add("COMPRESSION", 20, false, 1, s -> Cell.plain(compression(s)))
            .add("RETENTION", 10, false, 3, s -> Cell.plain(s.retention()));
    }

    private static String compression(StorageRow storage) {
        if ("unavailable".equals(storage.compression())) {
            return "unavailable";
        }
        if ("off".equals(storage.compression())) {
            return "off";
        }
        return storage.compressedChunks() + "/" + storage.chunks() + " chunks"
            + (storage.compressionRatio() == null ? "" : String.format(Locale.ROOT, " %.1fx", storage.compressionRatio()));
    }

    Table<DashboardSnapshot.ProbeRow> probes() {
        return new Table<DashboardSnapshot.ProbeRow>()
            .flexible("TARGET", 20, 48, p -> Cell.plain(p.target()))
            .add("LOCATION", 10, false, 3, p -> Cell.plain(p.location()))
            .add("STATE", 8, false, 0, p -> new Cell(p.state(), probeStyle(p.state())))
            .add("LAST", 8, false, 2, p -> Cell.plain(p.lastCheck() == null ? "-" : CLOCK.format(p.lastCheck().atZone(options.zone()))))
            .add("LATENCY (LAST 30)", 17, false, 5, p -> Cell.plain(Sparkline.render(
                p.latencies().stream().map(Math::round).toList(),
                p.latencies().stream().mapToLong(Math::round).max().orElse(0), options.ascii())))
            .add("UP 24H", 7, true, 1, p -> Cell.plain(p.uptime24h() == null ? "-"
                : String.format(Locale.ROOT, "%.1f%%", p.uptime24h())))
            .add("CERT", 5, true, 4, p -> Cell.plain(p.certDaysLeft() == null ? "-" : p.certDaysLeft() + "d"))
            .add("ALERTS", 18, false, 3, p -> new Cell(alerts(p), p.silenced() ? styles.faint : probeStyle(p.state())));
    }

    /** Worst first: the share of the window's requests answered 4xx or 5xx. */
    Table<DashboardSnapshot.StatusRow> statuses() {
        return new Table<DashboardSnapshot.StatusRow>()
            .flexible("DOMAIN", 20, 40, r -> Cell.plain(r.domain()))
            .add("REQUESTS", 9, true, 1, r -> Cell.plain(Text.count(r.requests())))
            .add("4XX", 8, true, 2, r -> Cell.plain(Text.count(r.errors4xx())))
            .add("5XX", 8, true, 2, r -> Cell.plain(Text.count(r.errors5xx())))
            .add("ERRORS", 7, true, 0, r -> new Cell(String.format(Locale.ROOT, "%.1f%%", r.errorPercent()),
                r.errors5xx() > 0 ? styles.bad : r.errorPercent() >= 5 ? styles.warning : AttributedStyle.DEFAULT));
    }

    /** An open incident ("incident 10:03") and a silence ("silenced"), or "-". */
    private String alerts(DashboardSnapshot.ProbeRow probe) {
        String incident = probe.incidentSince() == null ? null
            : "incident " + CLOCK.format(probe.incidentSince().atZone(options.zone()));
        if (probe.silenced()) {
            return incident == null ? "silenced" : "silenced, " + incident;
        }
        return incident == null ? "-" : incident;
    }

    private AttributedStyle probeStyle(String state) {
        return switch (state) {
            case "down" -> styles.bad;
            case "degraded" -> styles.warning;
            case "pending" -> styles.faint;
            default -> styles.good;
        };
    }
}
