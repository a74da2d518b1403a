package dev.webtop.monitor;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.utils.AttributedString;

/**
 * The detail view's analytics: since the start of the hour the window began in, the domain's
 * unique visitors, then a line per breakdown with its busiest values (what `report` answers in
 * full).
 */
final class BreakdownLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    // the breakdowns shown, in order, under the names the reports give them
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("page", "pages");
        NAMES.put("entry", "entries");
        NAMES.put("referrer", "referrers");
        NAMES.put("utm_campaign", "campaigns");
        NAMES.put("status", "statuses");
        NAMES.put("not_found", "not found");
        NAMES.put("browser", "browsers");
        NAMES.put("os", "systems");
        NAMES.put("device", "devices");
        NAMES.put("country", "countries");
    }

    private BreakdownLines() {
    }

    static List<AttributedString> render(DashboardSnapshot.Detail detail, Window window, int width,
                                         RenderOptions options, Styles styles) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(Text.styled(options.rule() + " since " + TIME.format(detail.since().atZone(options.zone()))
            + " (window " + window.label() + ", whole hours): " + Text.count(detail.visitors()) + " visitors "
            + options.rule().repeat(width), styles.title, width));
        NAMES.forEach((dimension, name) -> {
            List<DashboardSnapshot.Count> counts = detail.breakdowns().getOrDefault(dimension, List.of());
            if (!counts.isEmpty()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s", name));
                for (int i = 0; i < counts.size(); i++) {
                    line.append(i == 0 ? "" : " · ").append(counts.get(i).value()).append(' ')
                        .append(Text.count(counts.get(i).count()));
                }
                lines.add(Text.plain(line.toString(), width));
            }
        });
        if (lines.size() == 1) {
            lines.add(Text.styled("  no page views counted in these hours", styles.faint, width));
        }
        return lines;
    }
}
