package dev.webtop.monitor;

import dev.webtop.monitor.DashboardSnapshot.DomainRow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Snapshot + state + size → the lines of one screen. No I/O and no clock of its own: the same
 * inputs always draw the same screen, which is what the golden tests rely on. Every line is at
 * most `width` columns and there are exactly `height` of them.
 */
public final class DashboardRenderer {
    public static final int MIN_WIDTH = 40;
    public static final int MIN_HEIGHT = 10;
    /** Rows a panel keeps when the top-websites panel needs the room. */
    private static final Map<Panel, Integer> SECONDARY_ROWS =
        Map.of(Panel.BURSTS, 3, Panel.ELECTED, 5, Panel.JOBS, 6, Panel.STORAGE, 4, Panel.PROBES, 5, Panel.STATUSES, 5);
    private static final int MAIN_ROWS_KEPT = 4;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private final RenderOptions options;
    private final Styles styles;
    private final PanelTables tables;

    public DashboardRenderer(RenderOptions options) {
        this.options = options;
        this.styles = new Styles(options.color());
        this.tables = new PanelTables(options, styles);
    }

    /** The full screen. `snapshot` is null until the first refresh arrives. */
    public List<AttributedString> render(DashboardSnapshot snapshot, DashboardState state, Instant now,
                                         int width, int height) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            return tooSmall(width, height);
        }
        List<AttributedString> lines = new ArrayList<>(header(snapshot, state, now, width));
        int body = height - lines.size() - 1;
        if (snapshot == null) {
            lines.add(Text.plain("Connecting to the database…", width));
        } else if (state.help()) {
            lines.addAll(help(width, body));
        } else if (state.detailDomain() != null) {
            lines.addAll(detail(snapshot, state, width, body));
        } else {
            lines.addAll(panels(snapshot, state, width, body));
        }
        while (lines.size() < height - 1) {
            lines.add(AttributedString.EMPTY);
        }
        lines = new ArrayList<>(lines.subList(0, height - 1));
        lines.add(footer(state, width));
        return options.ascii() ? Text.ascii(lines) : lines;
    }

    /** Every panel in full, for `monitor --once`: no footer, no selection, no height limit. */
    public List<AttributedString> renderAll(DashboardSnapshot snapshot, DashboardState state, Instant now,
                                            int width) {
        List<AttributedString> lines = new ArrayList<>(header(snapshot, state, now, width));
        for (Panel panel : Panel.values()) {
            if (state.visible(panel)) {
                lines.addAll(panel(panel, snapshot, state, width, Integer.MAX_VALUE / 4, false));
            }
        }
        return options.ascii() ? Text.ascii(lines) : lines;
    }

    private List<AttributedString> tooSmall(int width, int height) {
        List<AttributedString> lines = new ArrayList<>();
        String[] message = {"Terminal too small", "now " + width + "x" + height,
            "needed " + MIN_WIDTH + "x" + MIN_HEIGHT, "q quits"};
        for (int row = 0; row < Math.max(1, height); row++) {
            int index = row - Math.max(0, (height - message.length) / 2);
            String text = index >= 0 && index < message.length ? message[index] : "";
            int indent = Math.max(0, (width - text.length()) / 2);
            lines.add(Text.plain(" ".repeat(indent) + text, width));
        }
        return lines;
    }

    private List<AttributedString> header(DashboardSnapshot snapshot, DashboardState state, Instant now, int width) {
        DashboardSnapshot.Header header = snapshot == null ? null : snapshot.header();
        String left = header == null ? "webtop"
            : "webtop · " + header.runtime() + " · " + header.edition() + " " + header.timescaledbVersion()
                + " · " + header.database();
        String right = CLOCK.format(now.atZone(options.zone())) + " · every "
            + seconds(state.interval()) + " · " + (state.paused() ? "PAUSED" : "LIVE");
        AttributedStringBuilder first = new AttributedStringBuilder();
        int room = width - right.length() - 1;
        first.style(styles.bold).append(Table.pad(left, Math.max(0, room), false)).append(' ');
        first.style(state.paused() ? styles.warning : styles.good).append(right);
        List<AttributedString> lines = new ArrayList<>();
        lines.add(Text.fit(first.toAttributedString(), width));

        AttributedStringBuilder second = new AttributedStringBuilder();
        if (snapshot != null && snapshot.error() != null) {
            long age = Math.max(0, Duration.between(snapshot.takenAt(), now).toSeconds());
            second.style(styles.bad).append("stale " + age + "s · reconnecting: " + snapshot.error());
            second.style(AttributedStyle.DEFAULT).append(" · ");
        } else if (snapshot != null) {
            second.style(styles.good).append("connected").style(AttributedStyle.DEFAULT).append(" · ");
        }
        if (header != null) {
            second.append("ingest " + Text.rate(header.rowsPerSecondNow()) + " now · "
                + Text.rate(header.rowsPerSecondLastMinute()) + " last min · db "
                + Text.bytes(header.databaseSizeBytes()) + " · window " + state.window().label());
            if (header.kafkaLag() != null) {
                second.append(" · kafka lag " + String.format(Locale.ROOT, "%,d", header.kafkaLag()));
            }
            second.append(snapshot.domainsAsOf() == null ? " · figures: none yet (the webtop-current job computes them)"
                : " · figures " + Math.max(0, Duration.between(snapshot.domainsAsOf(), now).toSeconds()) + "s old");
        }
        if (options.verbose() && snapshot != null) {
            second.style(styles.faint).append(" · " + timings(snapshot));
        }
        lines.add(Text.fit(second.toAttributedString(), width));
        return lines;
    }

    private static String timings(DashboardSnapshot snapshot) {
        StringBuilder text = new StringBuilder();
        snapshot.queryMillis().forEach((query, millis) -> text.append(query).append(' ').append(millis).append("ms "));
        return text.toString().strip();
    }

    private List<AttributedString> panels(DashboardSnapshot snapshot, DashboardState state, int width, int body) {
        Map<Panel, Integer> rows = layout(snapshot, state, body);
        List<AttributedString> lines = new ArrayList<>();
        for (Map.Entry<Panel, Integer> entry : rows.entrySet()) {
            lines.addAll(panel(entry.getKey(), snapshot, state, width, entry.getValue(), true));
        }
        return lines;
    }

    /**
     * Rows of data per visible panel: each secondary panel gets up to its share, the top-websites
     * panel the rest; when one row each (and four for the top websites) does not fit, panels drop
     * by priority.
     */
    Map<Panel, Integer> layout(DashboardSnapshot snapshot, DashboardState state, int body) {
        List<Panel> shown = new ArrayList<>();
        for (Panel panel : Panel.values()) {
            if (state.visible(panel)) {
                shown.add(panel);
            }
        }
        // every panel needs its title, header and a row; the top websites keep room for a few rows
        while (shown.size() > 1 && shown.size() * 3 + (shown.contains(Panel.WEBSITES) ? MAIN_ROWS_KEPT - 1 : 0) > body) {
            Panel drop = shown.get(0);
            for (Panel panel : shown) {
                if (panel.dropOrder() > drop.dropOrder()) {
                    drop = panel;
                }
            }
            shown.remove(drop);
        }
        Map<Panel, Integer> rows = new LinkedHashMap<>();
        int left = body - 2 * shown.size();
        for (Panel panel : shown) {
            rows.put(panel, 1);
            left -= 1;
        }
        // the top websites come first: up to half the screen before the others get more than a row
        if (shown.contains(Panel.WEBSITES) && left > 0) {
            int wanted = Math.max(1, Views.rowCount(snapshot, state, Panel.WEBSITES));
            int extra = Math.min(left, Math.min(wanted, body / 2 - 2) - 1);
            if (extra > 0) {
                rows.put(Panel.WEBSITES, 1 + extra);
                left -= extra;
            }
        }
        for (Panel panel : shown) {
            if (panel != Panel.WEBSITES && left > 0) {
                int wanted = Math.min(SECONDARY_ROWS.get(panel), Math.max(1, Views.rowCount(snapshot, state, panel)));
                int extra = Math.min(left, wanted - 1);
                rows.put(panel, 1 + extra);
                left -= extra;
            }
        }
        // free lines go to the panels that hold more rows than they show, then to the main one
        for (Panel panel : shown) {
            int hidden = Views.rowCount(snapshot, state, panel) - rows.get(panel);
            if (left > 0 && hidden > 0) {
                int extra = Math.min(left, hidden);
                rows.put(panel, rows.get(panel) + extra);
                left -= extra;
            }
        }
        Panel main = shown.contains(Panel.WEBSITES) ? Panel.WEBSITES : shown.get(0);
        rows.put(main, rows.get(main) + Math.max(0, left));
        return rows;
    }

    private List<AttributedString> panel(Panel panel, DashboardSnapshot snapshot, DashboardState state,
                                         int width, int rows, boolean interactive) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(title(panel, snapshot, state, width, rows, interactive));
        switch (panel) {
            case WEBSITES -> lines.addAll(websites(snapshot, state, width, rows, interactive));
            case BURSTS -> lines.addAll(rowsOf(tables.bursts(), Views.bursts(snapshot, state), state,
                panel, width, rows, interactive, "no bursts now"));
            case ELECTED -> lines.addAll(rowsOf(tables.elected(), Views.elected(snapshot, state), state,
                panel, width, rows, interactive, snapshot.elected().isEmpty()
                    ? "no election yet: the first comes with ./webtop start" : noMatch(state, "elected domain")));
            case JOBS -> lines.addAll(rowsOf(tables.jobs(), Views.jobs(snapshot, state), state,
                panel, width, rows, interactive, snapshot.jobs().isEmpty()
                    ? "no jobs: ./webtop start schedules the core jobs" : noMatch(state, "job")));
            case STORAGE -> lines.addAll(rowsOf(tables.storage(), snapshot.storage(), state,
                panel, width, rows, interactive, "no storage figures"));
            case PROBES -> lines.addAll(rowsOf(tables.probes(), Views.probes(snapshot, state), state,
                panel, width, rows, interactive, snapshot.probes().isEmpty()
                    ? "no probes yet: ./webtop probe URL, or ./webtop probe add URL" : noMatch(state, "probe target")));
            case STATUSES -> lines.addAll(rowsOf(tables.statuses(), Views.statuses(snapshot, state), state,
                panel, width, rows, interactive, snapshot.statuses().isEmpty()
                    ? "no requests in the window" : noMatch(state, "domain")));
        }
        return lines;
    }

    private static String noMatch(DashboardState state, String what) {
        return "no " + what + " matches " + (state.filter() != null ? "the filter /" + state.filter() + "/" : "the source "
            + state.source());
    }

    private AttributedString title(Panel panel, DashboardSnapshot snapshot, DashboardState state, int width,
                                   int rows, boolean interactive) {
        boolean focused = interactive && state.focus() == panel;
        StringBuilder text = new StringBuilder();
        text.append(focused ? (options.ascii() ? "> " : "▶ ") : options.rule() + " ");
        text.append(panel.number()).append(' ').append(panel.title());
        if (panel == Panel.WEBSITES) {
            text.append(" · sort ").append(state.sort().label()).append(' ')
                .append(state.reversed() == (state.sort() == SortColumn.DOMAIN) ? options.down() : options.up());
            text.append(" · ").append(snapshot.domainsTotal()).append(" domains");
        }
        if (panel == Panel.ELECTED && !snapshot.elected().isEmpty()) {
            text.append(" · ").append(SHORT_TIME.format(snapshot.elected().get(0).electedAt().atZone(options.zone())));
        }
        long held = panel == Panel.WEBSITES ? snapshot.domainsTotal() : Views.rowCount(snapshot, state, panel);
        if (held > rows && rows > 0) {
            text.append(" · ").append(rows).append(" of ").append(held);
        }
        if (state.filter() != null) {
            text.append(" · filter /").append(state.filter()).append('/');
        }
        if (state.source() != null && (panel == Panel.WEBSITES || panel == Panel.BURSTS)) {
            text.append(" · source ").append(state.source());
        }
        text.append(' ');
        String line = text + options.rule().repeat(Math.max(0, width - text.length()));
        return Text.styled(line, focused ? styles.focused : styles.title, width);
    }

    private List<AttributedString> websites(DashboardSnapshot snapshot, DashboardState state, int width, int rows,
                                            boolean interactive) {
        List<DomainRow> domains = Views.websites(snapshot, state);
        Table<PanelTables.Ranked> table = tables.websites(state.window(), snapshot.windowTotalHits());
        List<PanelTables.Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            ranked.add(new PanelTables.Ranked(i + 1, domains.get(i)));
        }
        String hint = state.source() != null && snapshot.domains().isEmpty()
            ? "no domain had traffic from " + state.source() + " in the last day"
            : snapshot.domains().isEmpty() && state.filter() == null ? "no traffic yet: try ./webtop setup"
            : noMatch(state, "domain");
        return rowsOf(table, ranked, state, Panel.WEBSITES, width, rows, interactive, hint);
    }

    /** A table's header and the rows that fit, scrolled so the selected row stays in view. */
    private <T> List<AttributedString> rowsOf(Table<T> table, List<T> items, DashboardState state, Panel panel,
                                              int width, int rows, boolean interactive, String emptyHint) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(table.header(width, styles.columnHeader));
        if (items.isEmpty()) {
            lines.add(Text.styled("  " + emptyHint, styles.faint, width));
            for (int i = 1; i < rows && interactive; i++) {
                lines.add(AttributedString.EMPTY);
            }
            return lines;
        }
        boolean focused = interactive && state.focus() == panel;
        int selected = focused ? Math.min(state.selected(), items.size() - 1) : -1;
        int first = selected >= rows ? selected - rows + 1 : 0;
        int shown = 0;
        for (int i = first; i < items.size() && shown < rows; i++, shown++) {
            lines.add(table.row(items.get(i), width, i == selected ? styles.selected : AttributedStyle.DEFAULT));
        }
        for (; shown < rows && interactive; shown++) {
            lines.add(AttributedString.EMPTY);
        }
        return lines;
    }

    private List<AttributedString> detail(DashboardSnapshot snapshot, DashboardState state, int width, int body) {
        List<AttributedString> lines = new ArrayList<>();
        String domain = state.detailDomain();
        lines.add(Text.styled(options.rule() + " " + domain + " · hits per minute, last hour (Esc back) "
            + options.rule().repeat(Math.max(0, width)), styles.focused, width));
        DashboardSnapshot.Detail detail = snapshot.detail();
        if (detail == null || !detail.domain().equals(domain)) {
            lines.add(Text.plain("  loading…", width));
            return lines;
        }
        int chartRows = Math.max(3, Math.min(12, body / 2));
        lines.addAll(BarChart.render(detail.perMinute(), width, chartRows, options.ascii()));
        lines.addAll(BreakdownLines.render(detail, state.window(), width, options, styles));
        lines.add(Text.styled(options.rule() + " elections " + options.rule().repeat(width), styles.title, width));
        if (detail.elections().isEmpty()) {
            lines.add(Text.styled("  never elected", styles.faint, width));
        }
        for (DashboardSnapshot.ElectionEntry entry : detail.elections()) {
            lines.add(Text.plain(String.format(Locale.ROOT, "  %s  rank %d  score %.3f",
                SHORT_TIME.format(entry.electedAt().atZone(options.zone())), entry.rank(), entry.score()), width));
        }
        lines.add(Text.styled(options.rule() + " probes " + options.rule().repeat(width), styles.title, width));
        List<DashboardSnapshot.ProbeRow> probes = Views.probesOf(snapshot, domain);
        if (probes.isEmpty()) {
            lines.add(Text.styled("  no probe results for " + domain, styles.faint, width));
        }
        for (DashboardSnapshot.ProbeRow probe : probes) {
            lines.add(tables.probes().row(probe, width, AttributedStyle.DEFAULT));
        }
        return lines.size() > body ? lines.subList(0, body) : lines;
    }

    private List<AttributedString> help(int width, int body) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(Text.styled(options.rule() + " keys (any key closes) " + options.rule().repeat(width), styles.focused, width));
        for (KeyBindings.Binding binding : KeyBindings.TABLE) {
            lines.add(Text.plain(String.format(Locale.ROOT, "  %-11s %s", binding.shown(),
                binding.action().description()), width));
        }
        lines.add(Text.plain("  LAST 30 MIN: each row's sparkline is scaled to its own busiest minute", width));
        lines.add(Text.plain("  new: too little history yet for a trend or a burst (11 minutes)", width));
        return lines.size() > body ? lines.subList(0, body) : lines;
    }

    private AttributedString footer(DashboardState state, int width) {
        if (state.editingFilter()) {
            boolean valid = state.withFilter(state.filterDraft(), null).filterPattern() != null
                || state.filterDraft().isEmpty();
            return Text.styled("filter (regex, Enter applies, Esc clears): " + state.filterDraft()
                + (options.ascii() ? "_" : "█") + (valid ? "" : "  (not a valid regex)"), styles.focused, width);
        }
        return Text.styled(KeyBindings.FOOTER, styles.faint, width);
    }

    private static String seconds(Duration interval) {
        long millis = interval.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
