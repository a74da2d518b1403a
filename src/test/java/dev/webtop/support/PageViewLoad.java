package dev.webtop.support;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that post single page views to `webtop serve` as fast as it answers, counting the
 * answers: a 201 is a page view the service says is stored. They stop when told or when the
 * service closes its port.
 */
public final class PageViewLoad implements AutoCloseable {
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean stopping;

    public PageViewLoad(int port, int clients, String domain) {
        HttpCalls http = new HttpCalls(port);
        // now, not a fixed day: raw rows older than retention.raw (an hour) may be dropped by the
        // retention job while a test counts them
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int c = 0; c < clients; c++) {
            String body = "{\"page\": \"" + domain + "/c" + c + "\", \"timestamp\": \"" + now + "\"}";
            Thread thread = new Thread(() -> {
                while (!stopping) {
                    try {
                        (http.postJson("/page-views/single", body).status() == 201 ? stored : refused).incrementAndGet();
                    } catch (UncheckedIOException e) {
                        return;   // the service has closed its port
                    }
                }
            }, "page-view-load-" + c);
            thread.start();
            this.clients.add(thread);
        }
    }

    /** Page views answered 201 so far. */
    public long stored() {
        return stored.get();
    }

    /** Requests answered with anything else so far. */
    public long refused() {
        return refused.get();
    }

    /** Stops the clients and waits for each one's last answer. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Thread thread : clients) {
            thread.join(60_000);
        }
    }
}
