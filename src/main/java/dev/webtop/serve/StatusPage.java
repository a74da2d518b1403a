package dev.webtop.serve;

import dev.webtop.alert.StatusBoard;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The status page as HTML, rendered on the server (it works without JavaScript and reloads
 * itself every minute): an overall line, each target with its state and 90 daily uptime bars,
 * then the incidents open now and those of the last 14 days.
 */
final class StatusPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);
    private static final int BAR_WIDTH = 4;
    private static final int BAR_GAP = 2;

    private StatusPage() {
    }

    static String render(StatusBoard board, String title) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <meta http-equiv="refresh" content="60"><title>TITLE</title><style>
            body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:56em;padding:0 1em;color:#222}
            h1{font-size:1.6em}.overall{padding:.8em 1em;border-radius:6px;color:#fff;font-weight:600}
            .up{background:#2f9e44}.degraded{background:#e8590c}.down{background:#c92a2a}.maintenance{background:#1971c2}
            .target{border-bottom:1px solid #eee;padding:1em 0}.name{font-weight:600;word-break:break-all}
            .pill{float:right;color:#fff;border-radius:1em;padding:0 .7em;font-size:.85em}
            .meta{color:#666;font-size:.85em}table{border-collapse:collapse;width:100%}
            td,th{text-align:left;padding:.3em .5em;border-bottom:1px solid #eee;font-size:.9em;vertical-align:top}
            </style></head><body><h1>TITLE</h1>
            """.replace("TITLE", escape(title)));
        long down = board.targets().stream().filter(t -> t.state().equals("down") && !t.maintenance()).count();
        long degraded = board.targets().stream().filter(t -> t.state().equals("degraded") && !t.maintenance()).count();
        int all = board.targets().size();
        String overall = all == 0 ? "No targets are checked yet"
            : down > 0 ? down + " of " + all + (all == 1 ? " target" : " targets") + " down"
            : degraded > 0 ? degraded + " of " + all + (all == 1 ? " target" : " targets") + " slow"
            : all == 1 ? "The target is up" : "All " + all + " targets are up";
        html.append("<p class=\"overall ").append(down > 0 ? "down" : degraded > 0 ? "degraded" : "up")
            .append("\" id=\"overall\">").append(escape(overall)).append("</p>\n");
        for (StatusBoard.Target target : board.targets()) {
            target(html, target, board.days());
        }
        incidents(html, board);
        html.append("<p class=\"meta\">Updated ").append(WHEN.format(board.at()))
            .append(" · uptime from every check but those in maintenance, per day in UTC · webtop</p></body></html>\n");
        return html.toString();
    }

    private static void target(StringBuilder html, StatusBoard.Target target, int days) {
        String state = target.shownState();
        html.append("<div class=\"target\" data-target=\"").append(escape(target.target())).append("\">")
            .append("<span class=\"pill ").append(state).append("\">").append(state)
            .append(target.state().equals("down") && target.locations() > 1
                ? " (" + target.downLocations() + " of " + target.locations() + ")" : "")
            .append("</span><div class=\"name\">").append(escape(target.target())).append("</div>\n");
        int width = days * (BAR_WIDTH + BAR_GAP);
        html.append("<svg width=\"").append(width).append("\" height=\"30\" viewBox=\"0 0 ").append(width)
            .append(" 30\" role=\"img\" aria-label=\"uptime per day\">");
        int x = 0;
        for (StatusBoard.Day day : target.days()) {
            Double percent = day.uptimePercent();
            html.append("<rect x=\"").append(x).append("\" width=\"").append(BAR_WIDTH)
                .append("\" height=\"30\" rx=\"1\" fill=\"").append(color(percent)).append("\"><title>")
                .append(day.date()).append(": ").append(percent == null ? "no checks"
                    : String.format(Locale.ROOT, "%.2f %% of %d checks", percent, day.checks()))
                .append("</title></rect>");
            x += BAR_WIDTH + BAR_GAP;
        }
        html.append("</svg>\n<div class=\"meta\">").append(target.uptimePercent() == null ? "no checks"
                : String.format(Locale.ROOT, "%.3f %% up over %d days", target.uptimePercent(), days))
            .append(" · last check ").append(WHEN.format(target.lastCheck())).append("</div></div>\n");
    }

    private static void incidents(StringBuilder html, StatusBoard board) {
        html.append("<h2>Incidents</h2>\n");
        if (board.incidents().isEmpty()) {
            html.append("<p class=\"meta\" id=\"no-incidents\">No incidents in the last 14 days.</p>\n");
            return;
        }
        html.append("<table id=\"incidents\"><tr><th>Target</th><th>Location</th><th>Started</th><th>Lasted</th>"
            + "<th>Cause</th></tr>\n");
        for (StatusBoard.Incident incident : board.incidents()) {
            Instant end = incident.endedAt() == null ? board.at() : incident.endedAt();
            html.append("<tr class=\"").append(incident.endedAt() == null ? "open" : "ended").append("\"><td>")
                .append(escape(incident.target())).append("</td><td>").append(escape(incident.location()))
                .append("</td><td>").append(WHEN.format(incident.startedAt())).append("</td><td>")
                .append(incident.endedAt() == null ? "ongoing, " : "").append(length(Duration.between(incident.startedAt(), end)))
                .append("</td><td>").append(escape(incident.cause()))
                .append(incident.detail() == null ? "" : ": " + escape(incident.detail())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** Green when every check was up, shading to red; grey without checks. */
    static String color(Double percent) {
        if (percent == null) {
            return "#dee2e6";
        }
        return percent >= 99.99 ? "#2f9e44" : percent >= 99 ? "#94d82d" : percent >= 95 ? "#fab005" : "#e03131";
    }

    private static String length(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes < 1 ? duration.toSeconds() + " s" : minutes < 120 ? minutes + " min"
            : minutes / 60 + " h " + minutes % 60 + " min";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
