package dev.webtop.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.runtime.DatabaseRuntime;
import dev.webtop.runtime.Progress;
import dev.webtop.support.DebianPackages;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real dashboard in a real terminal: tmux runs `webtop monitor`, the test types keys with
 * send-keys and reads the screen with capture-pane.
 */
class MonitorTerminalTest {
    private final String socket = "webtop-test-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void killTmux() throws Exception {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        DebianPackages.ensure("/usr/bin/tmux", "tmux");
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p");
    }

    /** Polls the screen until it shows what is expected; fails with the last screen otherwise. */
    private String waitFor(String what, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String screen = screen();
        while (!condition.test(screen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the screen never showed " + what + ":\n" + screen);
            }
            Thread.sleep(200);
            screen = screen();
        }
        return screen;
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys"));
        args.addAll(List.of(keys));
        tmux(args.toArray(new String[0]));
    }

    private static String rowOf(String screen, String domain) {
        return screen.lines().filter(line -> line.contains(" " + domain + " ")).findFirst().orElse("");
    }

    @Test
    @Timeout(120)
    void theDashboardShowsTheDatabasesNumbersReactsToKeysResizesAndRestoresTheTerminal() throws Exception {
        DbTarget db = TestDatabase.withPipeline();
        Sql.insertLogs(db, "INSERT INTO logs (time, domain) SELECT time_bucket('1 minute', now()) - INTERVAL '30 seconds', "
            + "'tmux.example' FROM generate_series(1, 777); "
            + "INSERT INTO logs (time, domain) SELECT time_bucket('1 minute', now()) - INTERVAL '90 seconds', "
            + "'other.example' FROM generate_series(1, 55)");
        Sql.execute(db, "SELECT webtop_refresh_current()");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.webtop.Webtop monitor"
            + " --interval 1s --db-url '" + TestDatabase.url(db) + "'; echo EXIT=$?; sleep 60";
        tmux("new-session", "-d", "-x", "100", "-y", "30", command);

        String screen = waitFor("tmux.example's row", s -> rowOf(s, "tmux.example").contains("777"));
        assertEquals("1", tmux("display", "-p", "#{alternate_on}").strip(), "alternate screen while running");
        long expected = Sql.number(db, "SELECT hits_last_10_minutes FROM monitor_traffic_patterns() WHERE domain = 'tmux.example'");
        assertEquals(777, expected);
        assertTrue(rowOf(screen, "other.example").contains("55"), screen);

        keys("/", "t", "m", "u", "x", "Enter");
        screen = waitFor("the filter", s -> s.contains("filter /tmux/") && !s.contains("other.example"));
        assertTrue(rowOf(screen, "tmux.example").contains("777"), screen);

        keys("Space");
        waitFor("PAUSED", s -> s.contains("PAUSED"));
        keys("s");
        waitFor("the sort by 10 minutes", s -> s.contains("sort 10m"));
        keys("Space");
        waitFor("LIVE", s -> s.contains("LIVE"));

        keys("Enter");
        waitFor("the detail view", s -> s.contains("tmux.example · hits per minute"));
        keys("Escape");
        waitFor("the panels again", s -> s.contains("1 Top websites"));

        tmux("resize-window", "-x", "60", "-y", "20");
        screen = waitFor("the narrow layout", s -> s.contains("1 Top websites") && s.lines().count() <= 20);
        assertTrue(screen.lines().allMatch(line -> line.length() <= 60), screen);
        tmux("resize-window", "-x", "30", "-y", "8");
        waitFor("the too-small screen", s -> s.contains("Terminal too small") && s.contains("now 30x8"));
        tmux("resize-window", "-x", "100", "-y", "30");
        waitFor("the full layout", s -> s.contains("5 Storage"));

        DatabaseRuntime runtime = TestDatabase.localRuntime();
        if (runtime != null) {
            runtime.stop(Progress.SILENT);
            waitFor("the stale frame", s -> s.contains("reconnecting") && s.contains("tmux.example"));
            runtime.start(Progress.SILENT);
            waitFor("the reconnection", s -> s.contains("connected ·"));
        }

        keys("q");
        screen = waitFor("the exit", s -> s.contains("EXIT="));
        assertTrue(screen.contains("EXIT=0"), screen);
        assertEquals("0", tmux("display", "-p", "#{alternate_on}").strip(), "alternate screen left on");
        assertFalse(screen.contains("Top websites"), "the dashboard is gone from the normal screen");
    }
}
