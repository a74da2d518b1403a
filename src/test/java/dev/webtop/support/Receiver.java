package dev.webtop.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A real HTTP receiver on a loopback port that records every request (a webhook's or a Slack
 * one's), answers with a chosen status, and can go away and come back on the same port.
 */
public final class Receiver implements AutoCloseable {
    static {
        // answers leave at once, not after the client's delayed ACK (Nagle's algorithm: 40 ms each)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final int FIRST_PORT = 25300;
    private static final int LAST_PORT = 25399;

    private final int port;
    private final List<Request> requests = new ArrayList<>();
    private volatile int status = 200;
    private volatile Map<String, String> answerHeaders = Map.of();
    private volatile Consumer<Request> beforeAnswer = request -> { };
    private HttpServer server;

    /** One request as it arrived; header names in lower case. */
    public record Request(String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Receiver(int port, HttpServer server) {
        this.port = port;
        this.server = server;
        serve();
    }

    /** A receiver on the first free port of 25300–25399. */
    public static Receiver start() throws IOException {
        for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
            try {
                return new Receiver(port, HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64));
            } catch (BindException e) {
                // taken: try the next
            }
        }
        throw new IOException("no free port in " + FIRST_PORT + "-" + LAST_PORT);
    }

    /** A free port of that range, for servers of other kinds (SMTP). */
    public static int freePort() throws IOException {
        try (Receiver probe = start()) {
            return probe.port;
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    /** Answers every later request with this status. */
    public void answer(int status) {
        answer(status, Map.of());
    }

    /** Answers every later request with this status and these headers. */
    public void answer(int status, Map<String, String> headers) {
        this.answerHeaders = Map.copyOf(headers);
        this.status = status;
    }

    /** Runs before each answer, after the request is recorded (to break something at that moment). */
    public void beforeAnswer(Consumer<Request> action) {
        this.beforeAnswer = action;
    }

    /** Closes the port: senders see their connection refused. */
    public synchronized void stop() {
        server.stop(0);
    }

    /** Listens on the same port again. */
    public synchronized void restart() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        serve();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the requests recorded so far. */
    public void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }

    /** Waits until `count` requests have arrived; fails saying how many did. */
    public List<Request> await(int count, Duration limit) {
        Await.until(count + " requests at the receiver (" + requests().size() + " so far)", limit,
            () -> requests().size() >= count);
        return requests();
    }

    @Override
    public void close() {
        stop();
    }

    private void serve() {
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestURI().getPath(), headers, body);
            synchronized (requests) {
                requests.add(request);
            }
            beforeAnswer.accept(request);
            byte[] answer = (status < 300 ? "ok" : "receiver is down").getBytes(StandardCharsets.UTF_8);
            answerHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }
}
