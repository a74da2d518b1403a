package dev.webtop.serve;

import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.db.ConnectionPool;
import dev.webtop.monitor.DashboardSnapshot;
import dev.webtop.monitor.DashboardState;
import dev.webtop.monitor.Panel;
import dev.webtop.monitor.SnapshotCollector;
import dev.webtop.monitor.SortColumn;
import dev.webtop.monitor.Window;
import dev.webtop.traffic.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The dashboard in a browser: GET / (one page, its script and styles inline, charts in
 * hand-written SVG: nothing fetched from elsewhere), GET /api/snapshot (the monitor's JSON,
 * webtop.monitor/1) and GET /api/snapshot/stream (the same as server-sent events, one every
 * interval). Window, sort, filter, source and a domain's detail are query parameters, checked
 * as `monitor` checks its options.
 */
final class DashboardApi {
    private static final int MOST_STREAMS = 32;
    /** A stopping service ends each stream at its next event: they come at least this often. */
    private static final Duration LONGEST_INTERVAL = Duration.ofSeconds(10);
    private static final String PAGE = resource("dashboard.html");

    private final ConnectionPool reads;
    private final SnapshotCollector collector;
    private final ScheduledExecutorService ticks;
    private final AtomicInteger streams = new AtomicInteger();
    private volatile boolean stopping;

    DashboardApi(ConnectionPool reads, String database, ScheduledExecutorService ticks) {
        this.reads = reads;
        this.collector = new SnapshotCollector("serve", database);
        this.ticks = ticks;
    }

    CompletableFuture<Void> page(Exchange exchange) {
        exchange.send(200, "text/html", PAGE);
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> snapshot(Exchange exchange) throws Exception {
        exchange.json(200, collect(state(exchange)));
        return CompletableFuture.completedFuture(null);
    }

    /** Server-sent events: a snapshot at once, then one every `interval` until the browser leaves. */
    CompletableFuture<Void> stream(Exchange exchange) {
        DashboardState state = state(exchange);
        if (streams.incrementAndGet() > MOST_STREAMS) {
            streams.decrementAndGet();
            throw new Refusal("too many dashboards open at once (" + MOST_STREAMS + ")", true);
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        ended.whenComplete((done, failure) -> streams.decrementAndGet());
        exchange.startStream("text/event-stream");
        ticks.execute(() -> tick(exchange, state, ended));
        return ended;
    }

    private void tick(Exchange exchange, DashboardState state, CompletableFuture<Void> ended) {
        if (stopping) {
            exchange.endStream();
            ended.complete(null);
            return;
        }
        String data;
        try {
            data = Json.write(collect(state));
        } catch (Exception e) {
            data = Json.write(Map.of("error", "the database did not answer: " + e.getMessage()));
        }
        exchange.streamChunk(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8),
            () -> ticks.schedule(() -> tick(exchange, state, ended), state.interval().toMillis(), TimeUnit.MILLISECONDS),
            failure -> ended.complete(null));   // the browser has gone
    }

    /** Ends every stream at its next tick, so that a stopping service need not wait for browsers. */
    void stop() {
        stopping = true;
    }

    private synchronized DashboardSnapshot collect(DashboardState state) throws Exception {
        return reads.run(connection -> collector.collect(connection, state));
    }

    private static DashboardState state(Exchange exchange) {
        try {
            Window window = Window.parse(or(exchange.param("window"), "1m"));
            SortColumn sort = SortColumn.parse(or(exchange.param("sort"), "1m"));
            boolean reversed = "true".equals(exchange.param("reverse"));
            String filter = exchange.param("filter");
            if (filter != null && !filter.isEmpty()) {
                Pattern.compile(filter);
            }
            String source = exchange.param("source");
            if (source != null && !source.isEmpty()) {
                source = Source.parse(source, "source").label();
            } else {
                source = null;
            }
            String domain = exchange.param("domain");
            Duration interval = Duration.ofSeconds(PageViewsApi.number("interval", or(exchange.param("interval"), "2")));
            if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(LONGEST_INTERVAL) > 0) {
                throw HttpError.badRequest("interval must be from 1 to " + LONGEST_INTERVAL.toSeconds() + " seconds");
            }
            return new DashboardState(sort, reversed, filter == null || filter.isEmpty() ? null : filter, null, false,
                window, Panel.WEBSITES, Set.of(), 0, domain == null || domain.isEmpty() ? null : domain, false, interval,
                source);
        } catch (PatternSyntaxException e) {
            throw HttpError.badRequest("filter is not a regular expression: " + e.getDescription());
        } catch (WebtopException e) {
            throw HttpError.badRequest(e.getMessage().replaceFirst("^--", ""));
        }
    }

    private static String or(String value, String otherwise) {
        return value == null || value.isEmpty() ? otherwise : value;
    }

    private static String resource(String name) {
        try (InputStream in = DashboardApi.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
