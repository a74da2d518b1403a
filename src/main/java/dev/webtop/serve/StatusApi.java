package dev.webtop.serve;

import dev.webtop.alert.StatusBoard;
import dev.webtop.db.ConnectionPool;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The status page (GET /status, and /status.json for scripts) and badges for READMEs:
 * /badge/status/HOST.svg and /badge/uptime/HOST.svg (?days=30), or /badge/status.svg?target=URL.
 * HOST stands for every target on it. Read-only; `serve --public-status` opens them to anyone.
 */
final class StatusApi {
    private static final int BADGE_DAYS = 30;

    private final ConnectionPool reads;
    private final String title;

    StatusApi(ConnectionPool reads, String title) {
        this.reads = reads;
        this.title = title;
    }

    CompletableFuture<Void> page(Exchange exchange) throws Exception {
        StatusBoard board = reads.run(c -> StatusBoard.read(c, StatusBoard.MOST_DAYS));
        exchange.send(200, "text/html", StatusPage.render(board, title));
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> json(Exchange exchange) throws Exception {
        exchange.json(200, reads.run(c -> StatusBoard.read(c, StatusBoard.MOST_DAYS)));
        return CompletableFuture.completedFuture(null);
    }

    /** /badge/status/… and /badge/uptime/…: a flat SVG badge, cached for a minute. */
    CompletableFuture<Void> badge(Exchange exchange) throws Exception {
        String path = exchange.path();
        boolean uptime = path.startsWith("/badge/uptime");
        String rest = path.substring(uptime ? "/badge/uptime".length() : "/badge/status".length());
        String name = rest.equals(".svg") ? exchange.param("target")
            : rest.startsWith("/") && rest.endsWith(".svg") ? rest.substring(1, rest.length() - 4) : null;
        if (name == null || name.isBlank()) {
            throw HttpError.badRequest("a badge is /badge/status/HOST.svg, /badge/uptime/HOST.svg or "
                + "/badge/status.svg?target=URL");
        }
        int days = days(exchange.param("days"));
        StatusBoard.Badge badge = reads.run(c -> StatusBoard.badge(c, name, days));
        String svg;
        if (uptime) {
            svg = Badges.svg("uptime " + days + "d", badge.uptimePercent() == null ? "unknown"
                    : String.format(Locale.ROOT, "%.2f%%", badge.uptimePercent()),
                badge.uptimePercent() == null ? Badges.GREY : StatusPage.color(badge.uptimePercent()));
        } else {
            String state = badge.state() == null ? "unknown" : badge.maintenance() ? "maintenance" : badge.state();
            svg = Badges.svg("status", state, Badges.colorOf(state));
        }
        exchange.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=60");
        exchange.sendCached(200, "image/svg+xml", svg);
        return CompletableFuture.completedFuture(null);
    }

    private static int days(String given) {
        if (given == null) {
            return BADGE_DAYS;
        }
        try {
            int days = Integer.parseInt(given);
            if (days >= 1 && days <= StatusBoard.MOST_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw HttpError.badRequest("days must be a whole number from 1 to " + StatusBoard.MOST_DAYS + ", not '"
            + given + "'");
    }
}
