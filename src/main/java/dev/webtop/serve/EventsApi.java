package dev.webtop.serve;

import dev.webtop.db.ConnectionPool;
import dev.webtop.report.Query;
import dev.webtop.report.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real-time analytics API: POST /events (one event, an array or NDJSON; events that do not
 * match the format are skipped and counted by reason), and GET /stats/active-users,
 * /stats/top-pages and /stats/sessions, which answer what `report active`, `report top` and
 * `report sessions --json` answer, from the same queries.
 */
final class EventsApi {
    private static final int MOST_EVENTS = 100_000;

    private final BatchingWriter writer;
    private final ConnectionPool reads;
    private final ServeCounters counters;
    private final String eventsDomain;

    EventsApi(BatchingWriter writer, ConnectionPool reads, ServeCounters counters, String eventsDomain) {
        this.writer = writer;
        this.reads = reads;
        this.counters = counters;
        this.eventsDomain = eventsDomain;
    }

    /** {"stored": n, "skipped": n, "skipped_by_reason": {...}}, 200 once the stored ones are committed. */
    CompletableFuture<Void> events(Exchange exchange) {
        return exchange.body(PageViewsApi.BATCH_LIMIT, "application/json", "application/x-ndjson").thenCompose(body -> {
            UserEvents events = UserEvents.parse(body, eventsDomain, MOST_EVENTS);
            counters.skipped(events.skipped());
            CompletableFuture<Long> stored = events.size() == 0 ? CompletableFuture.completedFuture(0L)
                : writer.submit(events);
            return stored.thenApply(n -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("stored", n);
                answer.put("skipped", events.skipped().values().stream().mapToLong(Long::longValue).sum());
                answer.put("skipped_by_reason", events.skipped());
                return answer;
            });
        }).thenAccept(answer -> exchange.json(200, answer));
    }

    /** {"active_users": n}: distinct users with a page view in the last 5 minutes (?window=). */
    CompletableFuture<Void> activeUsers(Exchange exchange) throws Exception {
        String window = interval(exchange.param("window"), "5 minutes");
        boolean bots = flag(exchange.param("include_bots"));
        Result result = reads.run(c -> Query.read(c, "active", window, bots, null, null));
        exchange.json(200, result.maps().get(0));
        return CompletableFuture.completedFuture(null);
    }

    /** {"data": [...]}: the most viewed pages and domains of the last hour (?since=, ?take=, 5). */
    CompletableFuture<Void> topPages(Exchange exchange) throws Exception {
        Duration since = duration(exchange.param("since"), Duration.ofHours(1));
        int take = positive("take", exchange.param("take"), 5);
        boolean bots = flag(exchange.param("include_bots"));
        Instant to = Instant.now();
        Result result = reads.run(c -> Query.read(c, "top", to.minus(since).toString(), to.toString(), bots, take, null));
        exchange.json(200, Map.of("data", result.maps()));
        return CompletableFuture.completedFuture(null);
    }

    /** {"data": [...]}: each active user's session, or with ?user= that user's sessions. */
    CompletableFuture<Void> sessions(Exchange exchange) throws Exception {
        String user = exchange.param("user");
        boolean bots = flag(exchange.param("include_bots"));
        int take = positive("take", exchange.param("take"), 20);
        Result result = reads.run(c -> user == null ? Query.read(c, "sessions", bots, null, take)
            : Query.read(c, "session_timeline", user));
        exchange.json(200, Map.of("data", result.maps()));
        return CompletableFuture.completedFuture(null);
    }

    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw HttpError.badRequest("include_bots must be true or false, not '" + value + "'");
    }

    private static int positive(String name, String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        int n = PageViewsApi.number(name, value);
        if (n < 1 || n > 10_000) {
            throw HttpError.badRequest(name + " must be from 1 to 10000, not " + n);
        }
        return n;
    }

    private static Duration duration(String value, Duration otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            Duration d = dev.webtop.config.Durations.parse(value);
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw HttpError.badRequest("'" + value + "' is not a duration like 30s, 15m, 1h or 7d (at most a year)");
        }
    }

    private static String interval(String value, String otherwise) {
        return value == null ? otherwise : duration(value, null).getSeconds() + " seconds";
    }
}
