package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** monitor for scripts: --once, --json, --count, and its errors. */
class MonitorCommandTest {
    private static DbTarget db;

    @BeforeAll
    static void traffic() {
        db = TestDatabase.withPipeline();
        Sql.insertLogs(db, "INSERT INTO logs (time, domain) SELECT time_bucket('1 minute', now()) - INTERVAL '30 seconds', "
            + "'once.example' FROM generate_series(1, 1234)");
        Sql.execute(db, "SELECT webtop_refresh_current()");
    }

    private static Run monitor(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "monitor";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--db-url";
        all[args.length + 2] = TestDatabase.url(db);
        return Cli.isolated().run(all);
    }

    @Test
    void onceAndJsonShowTheSameNumbersAsTheDatabaseWithoutEscapeCodes() throws Exception {
        Run once = monitor("--once");
        assertEquals(0, once.exitCode(), once.toString());
        assertFalse(once.out().contains("\u001b"), "escape codes in --once");
        String row = once.out().lines().filter(l -> l.contains("once.example")).findFirst().orElseThrow();
        assertTrue(row.contains("1,234"), row);

        Run json = monitor("--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertFalse(json.out().contains("\u001b"));
        JsonNode snapshot = new ObjectMapper().readTree(json.out());
        assertEquals("webtop.monitor/1", snapshot.get("schema").asText());
        JsonNode domain = null;
        for (JsonNode d : snapshot.get("domains")) {
            if (d.get("domain").asText().equals("once.example")) {
                domain = d;
            }
        }
        // ten minutes hold the rows whatever minute boundary passes while the test runs
        assertEquals(1234, domain.get("hits_10m").asLong());
        assertEquals(Sql.number(db, "SELECT hits_last_10_minutes FROM monitor_traffic_patterns() WHERE domain = 'once.example'"),
            domain.get("hits_10m").asLong());
        assertEquals(4, snapshot.get("storage").size());
    }

    @Test
    void countPrintsThatManySnapshots() {
        Run run = monitor("--json", "--count", "2", "--interval", "500ms");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(2, run.out().lines().count());
    }

    @Test
    void withoutATerminalMonitorPrintsOneSnapshot() {
        Run run = monitor();
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("1 Top websites"), run.out());
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExit3() {
        Run run = Cli.isolated().run("monitor", "--once", "--db-url", "postgresql://u:pw@127.0.0.1:1/x");
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void badOptionsExit2() {
        assertEquals(2, monitor("--interval", "100ms").exitCode());
        assertEquals(2, monitor("--window", "2h").exitCode());
        assertEquals(2, monitor("--count", "0").exitCode());
    }
}
