package dev.webtop.serve;

import dev.webtop.alert.AlertDispatcher;
import dev.webtop.alert.DatabaseWatch;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.traffic.RowSink;
import dev.webtop.db.ConnectionPool;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * `webtop serve`: one process that takes traffic over HTTP and answers over HTTP. Requests are
 * answered on Jetty's threads; rows go through one batching writer; reads borrow from a small
 * pool. Stopping stops accepting, answers and commits what is in flight, then closes.
 */
public final class Service implements AutoCloseable {
    private static final int MAX_THREADS = 64;
    private static final int MAX_CONNECTIONS = 10_000;
    private static final long IDLE_MILLIS = 30_000;
    /** When the connection limit is reached, idle connections get this long before they are closed. */
    private static final long IDLE_AT_LIMIT_MILLIS = 1_000;
    private static final long STOP_MILLIS = 20_000;
    private static final long SITES_RELOAD_SECONDS = 5;
    /** How often the outbox is looked at: an alert leaves about a second after the transaction that wrote it. */
    private static final Duration ALERTS_EVERY = Duration.ofSeconds(1);
    /** How often serve looks whether the database answers, for the alert on the database away. */
    private static final long DATABASE_LOOK_SECONDS = 5;
    /** A report that takes longer is cancelled and answered 503, not left to hold a connection. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** What `webtop serve` was asked for. */
    public record Options(String host, int port, String token, Duration linger, int batchRows, long queueRows,
                          String eventsDomain, List<String> sites, List<String> trustedProxies, boolean keepAddresses,
                          boolean publicStatus, String statusTitle, Supplier<RowSink> publisher) {
        /** The defaults of `webtop serve` on a port, for tests and embedding. */
        public static Options on(int port) {
            return new Options("127.0.0.1", port, null, Duration.ofMillis(5), 20_000, 200_000, "app.localhost",
                List.of(), List.of(), false, false, "Status", null);
        }

        public Options withToken(String value) {
            return new Options(host, port, value, linger, batchRows, queueRows, eventsDomain, sites, trustedProxies,
                keepAddresses, publicStatus, statusTitle, publisher);
        }

        public Options withSites(List<String> names, List<String> proxies) {
            return new Options(host, port, token, linger, batchRows, queueRows, eventsDomain, names, proxies,
                keepAddresses, publicStatus, statusTitle, publisher);
        }

        /** The status page's title. */
        public Options withStatusTitle(String title) {
            return new Options(host, port, token, linger, batchRows, queueRows, eventsDomain, sites, trustedProxies,
                keepAddresses, publicStatus, title, publisher);
        }

        /** The status page and badges open to anyone, even with a token set. */
        public Options withPublicStatus() {
            return new Options(host, port, token, linger, batchRows, queueRows, eventsDomain, sites, trustedProxies,
                keepAddresses, true, statusTitle, publisher);
        }

        /** Events go to Kafka through this publisher (for `webtop record` to store), not to the database. */
        public Options withPublisher(Supplier<RowSink> kafka) {
            return new Options(host, port, token, linger, batchRows, queueRows, eventsDomain, sites, trustedProxies,
                keepAddresses, publicStatus, statusTitle, kafka);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final BatchingWriter writer;
    private final ConnectionPool reads;
    private final ServeCounters counters = new ServeCounters();
    private final Sites sites;
    private final DashboardApi dashboard;
    private final AlertDispatcher alerts;
    private final ScheduledExecutorService chores = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "webtop-serve-chores");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closed;

    private Service(DbTarget target, Options options, Consumer<String> notices, Consumer<String> verbose) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("webtop-serve");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_MILLIS);
        server.addConnector(connector);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
        limit.setEndPointIdleTimeout(IDLE_AT_LIMIT_MILLIS);
        server.addBean(limit);
        server.setStopTimeout(STOP_MILLIS);
        server.setStopAtShutdown(false);

        reads = ConnectionPool.open(target, "webtop-serve", 4, READ_TIMEOUT);
        writer = new BatchingWriter(target, options.linger().toMillis(), options.batchRows(), options.queueRows(),
            counters, threads, notices, options.publisher());
        sites = new Sites(options.sites());
        ClientAddress clients = new ClientAddress(options.trustedProxies());
        CollectorApi collector = new CollectorApi(writer, sites, clients, options.keepAddresses());
        PageViewsApi pageViews = new PageViewsApi(writer, reads);
        alerts = new AlertDispatcher(() -> target);
        Metrics metrics = new Metrics(counters, reads, writer::queuedRows, alerts);
        dashboard = new DashboardApi(reads, target.maskedUrl(), chores);
        EventsApi events = new EventsApi(writer, reads, counters, options.eventsDomain());
        StatusApi status = new StatusApi(reads, options.statusTitle());
        Routes routes = new Routes(options.token(), counters, verbose)
            .open("GET", "/health", pageViews::health)
            .guarded("POST", "/page-views/single", pageViews::single)
            .guarded("POST", "/page-views/multi", pageViews::multi)
            .guarded("GET", "/report", pageViews::report)
            .guarded("POST", "/events", events::events)
            .guarded("GET", "/stats/active-users", events::activeUsers)
            .guarded("GET", "/stats/top-pages", events::topPages)
            .guarded("GET", "/stats/sessions", events::sessions)
            .open("POST", "/api/event", collector::event)
            .open("OPTIONS", "/api/event", collector::preflight)
            .open("GET", "/js/script.js", collector::script)
            .guarded("GET", "/metrics", metrics::scrape)
            .guarded("GET", "/", dashboard::page)
            .guarded("GET", "/api/snapshot", dashboard::snapshot)
            .guarded("GET", "/api/snapshot/stream", dashboard::stream)
            .route("GET", "/status", options.publicStatus(), status::page)
            .route("GET", "/status.json", options.publicStatus(), status::json)
            .route("GET", "/badge/*", options.publicStatus(), status::badge);
        server.setHandler(new GracefulHandler(routes));
        server.setErrorHandler(new JsonErrors());
    }

    /** Starts serving; exit 2 when the address cannot be listened on, exit 3 when the database is away. */
    public static Service start(DbTarget target, Options options, Consumer<String> notices, Consumer<String> verbose) {
        Service service = new Service(target, options, notices, verbose);
        service.writer.start();
        service.chores.scheduleWithFixedDelay(service::reloadSites, 0, SITES_RELOAD_SECONDS, TimeUnit.SECONDS);
        service.alerts.start(ALERTS_EVERY, notices);
        DatabaseWatch watch = new DatabaseWatch(service.alerts, notices);
        service.chores.scheduleWithFixedDelay(() -> watch.look(service.reads), DATABASE_LOOK_SECONDS,
            DATABASE_LOOK_SECONDS, TimeUnit.SECONDS);
        try {
            service.server.start();
        } catch (Exception e) {
            service.close();
            Throwable cause = e instanceof IOException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BindException || e instanceof IOException) {
                throw WebtopException.badInput("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + cause.getMessage() + "; choose another --listen address or port");
            }
            throw WebtopException.failure("the HTTP server did not start: " + e.getMessage(), e);
        }
        return service;
    }

    private void reloadSites() {
        try {
            sites.reload(reads);
        } catch (Exception e) {
            // the database is away: the sites known stay until it is back
        }
    }

    /** The port listened on (the one chosen when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The line logged once a minute. */
    public String minuteLine() {
        return counters.minuteLine(writer.queuedRows());
    }

    /** Stops accepting, answers what is in flight once its rows are committed, then closes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dashboard.stop();
        try {
            server.stop();
        } catch (Exception e) {
            // in-flight requests past the stop timeout are cut off; their rows were not answered as stored
        }
        writer.close();
        alerts.close();
        chores.shutdownNow();
        reads.close();
    }
}
