package dev.webtop.probe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * `scripts/bench probe`'s measuring part: a loopback server that answers after 500 ms, and N
 * distinct targets on it checked either by webtop's prober or by one thread per URL with the JDK's
 * plain HttpURLConnection, the way a simple availability agent checks. One mode per JVM, so that peak RSS
 * (VmHWM) belongs to that mode; one warm-up check before the clock starts, in both modes.
 * Usage: ProbeBenchmark webtop|threads [TARGETS], or ProbeBenchmark serve PORT for a server that
 * answers at once until it is killed (the cron measurement's target).
 */
public final class ProbeBenchmark {
    private static final int DELAY_MILLIS = 500;

    private ProbeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("serve")) {
            serve(Integer.parseInt(args[1]), 0).start();
            return;
        }
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        HttpServer server = serve(0, DELAY_MILLIS);
        server.start();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            urls.add("http://127.0.0.1:" + server.getAddress().getPort() + "/target/" + i);
        }
        // one check first, in both modes, so that class loading is not counted as checking
        String warmUp = "http://127.0.0.1:" + server.getAddress().getPort() + "/warm-up";
        if (mode.equals("webtop")) {
            webtop(List.of(warmUp));
        } else {
            threads(List.of(warmUp));
        }
        long started = System.nanoTime();
        int ok = mode.equals("webtop") ? webtop(urls) : threads(urls);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%-8s %5d targets  %5d ok  wall %6.2f s  %7.0f checks/s  peak RSS %4d MB%n",
            mode, count, ok, seconds, count / seconds, peakRssMegabytes());
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** A loopback server answering "ok" to every request after delayMillis, not yet started. */
    private static HttpServer serve(int port, int delayMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        return server;
    }

    private static int webtop(List<String> urls) {
        List<ProbeTarget> targets = urls.stream()
            .map(url -> ProbeTarget.of(url, StatusSet.SUCCESS, List.of(), List.of(), null, "bench")).toList();
        return (int) new HttpProber(Duration.ofSeconds(10), urls.size(), HttpProber.DEFAULT_BODY_CAP, "bench")
            .check(targets).stream().filter(r -> r.outcome() == Outcome.OK).count();
    }

    /** A simple agent's way: a thread per URL, each with its own blocking request. */
    private static int threads(List<String> urls) throws InterruptedException {
        AtomicInteger ok = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (String url : urls) {
            Thread thread = new Thread(() -> {
                try {
                    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
                    connection.setConnectTimeout(10_000);
                    connection.setReadTimeout(10_000);
                    if (connection.getResponseCode() == 200) {
                        connection.getInputStream().readAllBytes();
                        ok.incrementAndGet();
                    }
                    connection.disconnect();
                } catch (IOException e) {
                    // counted as not ok
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return ok.get();
    }

    private static long peakRssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
