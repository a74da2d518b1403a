package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.DebianPackages;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import dev.webtop.support.WebtopProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cron starts a fresh process for every probe: its first check must store what curl measures on
 * the same server (a loopback one that answers after 300 ms), not the cost of loading its own code.
 */
class ProbeFirstCheckTest {
    private static final double WITHIN_MS = 5;
    private ServerSocket server;
    private String url;

    /**
     * A plain socket server answering every request after 300 ms, the whole answer in one write,
     * so that nothing on its side (buffering, Nagle) differs between curl's request and webtop's.
     */
    @BeforeEach
    void slowServer() throws Exception {
        for (int port = 25440; server == null; port++) {
            try {
                server = new ServerSocket(port, 16, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                if (port > 25480) {
                    throw e;
                }
            }
        }
        Thread accepting = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread answering = new Thread(() -> answer(socket));
                    answering.setDaemon(true);
                    answering.start();
                } catch (IOException e) {
                    return;   // closed
                }
            }
        });
        accepting.setDaemon(true);
        accepting.start();
        url = "http://127.0.0.1:" + server.getLocalPort() + "/";
        for (int i = 0; i < 5; i++) {
            curl(url);   // the first answers of any server are slower: not the probe's to measure
        }
    }

    private static void answer(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int matched = 0, b; matched < end.length && (b = in.read()) >= 0; ) {
                matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            }
            Thread.sleep(300);
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
                .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** curl's connect, first-byte and total times in milliseconds. */
    private List<Double> curl(String target) throws Exception {
        DebianPackages.ensure("/usr/bin/curl", "curl");
        Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w",
            "%{time_connect} %{time_starttransfer} %{time_total}", target).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor());
        List<Double> ms = new ArrayList<>();
        for (String seconds : out.strip().split(" ")) {
            ms.add(Double.parseDouble(seconds) * 1000);
        }
        return ms;
    }

    private static List<Double> stored(DbTarget db, String where) {
        List<String> row = Sql.rows(db, "SELECT connect_ms, ttfb_ms, total_ms FROM probe_results WHERE " + where
            + " ORDER BY time DESC LIMIT 1").get(0);
        return row.stream().map(Double::parseDouble).toList();
    }

    /** Each phase's median over the runs, so that a scheduler hiccup of a busy machine is not taken for a pattern. */
    private static List<Double> medians(List<List<Double>> runs) {
        List<Double> medians = new ArrayList<>();
        for (int phase = 0; phase < 3; phase++) {
            int p = phase;
            List<Double> values = runs.stream().map(r -> r.get(p)).sorted().toList();
            medians.add(values.get(values.size() / 2));
        }
        return medians;
    }

    private static void assertClose(List<List<Double>> reference, List<List<Double>> measured, String what) {
        List<Double> expected = medians(reference);
        List<Double> actual = medians(measured);
        String[] phases = {"connect", "first byte", "total"};
        for (int i = 0; i < phases.length; i++) {
            assertTrue(Math.abs(actual.get(i) - expected.get(i)) <= WITHIN_MS, String.format(Locale.ROOT,
                "%s: %s %.1f ms against %.1f ms (medians; every run: %s against %s)", what, phases[i], actual.get(i),
                expected.get(i), measured, reference));
        }
    }

    @Test
    void everyFreshProcessStoresCurlsTimingsFromItsFirstCheck(@TempDir Path dir) throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        Map<String, String> env = Map.of("WEBTOP_HOME", dir.resolve("home").toString());
        List<List<Double>> curl = new ArrayList<>();
        List<List<Double>> webtop = new ArrayList<>();
        for (int run = 1; run <= 5; run++) {
            curl.add(curl(url));
            String target = url + "run" + run;
            Run probe = WebtopProcess.start(dir, "probe-" + run, env, "probe", target, "--db-url", TestDatabase.url(db))
                .await(60);
            assertEquals(0, probe.exitCode(), probe.toString());
            webtop.add(stored(db, "target = '" + target + "'"));
        }
        assertClose(curl, webtop, "the first check of a fresh process against curl");
    }

    @Test
    void theFirstCheckIsNotSlowerThanTheSecond(@TempDir Path dir) throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        List<List<Double>> first = new ArrayList<>();
        List<List<Double>> second = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            Run probe = WebtopProcess.start(dir, "probe-twice-" + run, Map.of("WEBTOP_HOME", dir.resolve("home").toString()),
                "probe", url + "first" + run, url + "second" + run, "--concurrency", "1", "--db-url", TestDatabase.url(db))
                .await(60);
            assertEquals(0, probe.exitCode(), probe.toString());
            first.add(stored(db, "target LIKE '%first" + run + "'"));
            second.add(stored(db, "target LIKE '%second" + run + "'"));
        }
        assertClose(second, first, "the first check of a process against its second");
    }
}
