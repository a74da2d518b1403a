package dev.webtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webtop.config.DbTarget;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.ProbeRows;
import dev.webtop.support.Sql;
import dev.webtop.support.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `probe report` against direct SQL over probe_results. */
class ProbeReportCommandTest {
    private static DbTarget db;

    @BeforeAll
    static void results() {
        db = TestDatabase.withPipeline();
        // shop: 97 ok and 3 refused over the last day; blog: all ok; old: only 40 days ago
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '10 minutes' AS time, 'lab' AS location, "
            + "'https://shop.example/' AS target, CASE WHEN g % 33 = 0 THEN 'connect_refused' ELSE 'ok' END AS outcome, "
            + "g % 33 <> 0 AS responsive, g * 2.0 AS total_ms, g * 1.5 AS ttfb_ms, "
            + "now() + INTERVAL '20 days 1 hour' AS cert_not_after FROM generate_series(1, 100) g");
        ProbeRows.store(db, "SELECT now() - g * INTERVAL '1 hour' AS time, 'lab' AS location, "
            + "'https://blog.example/' AS target, 'ok' AS outcome, true AS responsive, 50 AS total_ms "
            + "FROM generate_series(1, 10) g");
        ProbeRows.store(db, "SELECT now() - INTERVAL '40 days' AS time, 'lab' AS location, "
            + "'https://old.example/' AS target, 'ok' AS outcome, true AS responsive, 1 AS total_ms");
    }

    private static Map<String, JsonNode> report(String... args) throws Exception {
        String[] all = new String[args.length + 5];
        all[0] = "probe";
        all[1] = "report";
        all[2] = "--json";
        System.arraycopy(args, 0, all, 3, args.length);
        all[args.length + 3] = "--db-url";
        all[args.length + 4] = TestDatabase.url(db);
        Run run = Cli.isolated().run(all);
        Map<String, JsonNode> rows = new HashMap<>();
        for (String line : run.out().lines().toList()) {
            JsonNode row = new ObjectMapper().readTree(line);
            rows.put(row.get("target").asText(), row);
        }
        return rows;
    }

    @Test
    void theFiguresEqualDirectSql() throws Exception {
        Map<String, JsonNode> rows = report("--since", "30d");
        JsonNode shop = rows.get("https://shop.example/");
        assertEquals(100, shop.get("checks").asLong());
        assertEquals(97.0, shop.get("uptime_percent").asDouble(), 1e-9);
        assertEquals(Double.parseDouble(Sql.value(db, "SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY total_ms) "
            + "FROM probe_results WHERE target = 'https://shop.example/'")), shop.get("p95_total_ms").asDouble(), 1e-6);
        assertEquals(Double.parseDouble(Sql.value(db, "SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY total_ms) "
            + "FROM probe_results WHERE target = 'https://shop.example/'")), shop.get("p99_total_ms").asDouble(), 1e-6);
        assertEquals(Double.parseDouble(Sql.value(db, "SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY ttfb_ms) "
            + "FROM probe_results WHERE target = 'https://shop.example/'")), shop.get("p95_ttfb_ms").asDouble(), 1e-6);
        assertEquals(20, shop.get("cert_days_left").asLong());
        assertEquals(97, shop.get("outcomes").get("ok").asLong());
        assertEquals(3, shop.get("outcomes").get("connect_refused").asLong());
        assertTrue(!shop.get("slo_met").asBoolean());
        assertTrue(rows.get("https://blog.example/").get("slo_met").asBoolean());
        assertTrue(!rows.containsKey("https://old.example/"), "outside the period");
    }

    @Test
    void aLowerObjectiveIsMetAndTheExitCodeSaysWhetherAllMeetIt() {
        String url = TestDatabase.url(db);
        assertEquals(1, Cli.isolated().run("probe", "report", "--db-url", url).exitCode());
        assertEquals(0, Cli.isolated().run("probe", "report", "--slo", "95", "--db-url", url).exitCode());
        assertEquals(2, Cli.isolated().run("probe", "report", "--slo", "120", "--db-url", url).exitCode());
    }

    @Test
    void csvHasAHeaderAndOneLinePerTarget() {
        Run run = Cli.isolated().run("probe", "report", "--csv", "--target", "https://blog.example/",
            "--db-url", TestDatabase.url(db));
        assertEquals(2, run.out().lines().count(), run.out());
        assertTrue(run.out().lines().skip(1).findFirst().orElseThrow().startsWith("https://blog.example/,10,100.0,true,50.0"),
            run.out());
    }
}
