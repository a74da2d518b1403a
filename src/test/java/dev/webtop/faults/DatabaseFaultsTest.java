package dev.webtop.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.config.WebtopConfig;
import dev.webtop.runtime.Runtimes;
import dev.webtop.support.Await;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestPaths;
import dev.webtop.support.WebtopProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime's database taken away the hard way, on a cluster of its own: what was
 * committed stays, what was reported committed is what the table holds, and the next start
 * recovers. Also two starts at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultsTest {
    private static final int PORT = 55496;
    private static Path home;
    private static Map<String, String> env;
    private static Cli cli;
    @TempDir
    static Path outputs;

    @BeforeAll
    static void freshHome() {
        home = TestPaths.testHome("faults-" + UUID.randomUUID().toString().substring(0, 8));
        env = Map.of("WEBTOP_HOME", home.toString(), "WEBTOP_ROOTFS", TestPaths.sharedRootfs().toString(),
            "WEBTOP_LOCAL_PORT", String.valueOf(PORT), "WEBTOP_RUNTIME", "local");
        cli = Cli.isolated();
        env.forEach(cli::env);
    }

    @AfterAll
    static void removeCluster() throws Exception {
        cli.run("stop");
        if (Files.exists(home.resolve("cluster"))) {
            new ProcessBuilder("rm", "-rf", home.resolve("cluster").toRealPath().toString()).start().waitFor();
        }
        new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor();
    }

    private static DbTarget db() {
        return Runtimes.select(WebtopConfig.resolve(cli.environment(), null, null)).target();
    }

    @Test
    @Order(1)
    void twoStartsAtOnceMakeOneClusterWithItsDataAndJobsOnce() {
        WebtopProcess first = WebtopProcess.start(outputs, "start-1", env, "start");
        WebtopProcess second = WebtopProcess.start(outputs, "start-2", env, "start");
        Run one = first.await(600);
        Run two = second.await(600);
        assertEquals(0, one.exitCode(), one.toString());
        assertEquals(0, two.exitCode(), two.toString());
        assertEquals(1, (one.out() + two.out()).split("Creating the cluster", -1).length - 1, one + "\n" + two);
        assertEquals(30_000, Sql.number(db(), "SELECT count(*) FROM logs"), "the initial data once");
        assertEquals(Sql.number(db(), "SELECT count(DISTINCT name) FROM webtop_jobs"),
            Sql.number(db(), "SELECT count(*) FROM webtop_jobs"), "a job scheduled twice");
    }

    @Test
    @Order(2)
    void aKilledServerKeepsWhatGenerateReportedCommittedAndTheNextStartRecovers() throws Exception {
        long before = Sql.number(db(), "SELECT count(*) FROM logs");
        WebtopProcess generate = WebtopProcess.start(outputs, "generate", env,
            "generate", "--rate", "20000", "--duration", "120s");
        Await.until("rows arrive", Duration.ofSeconds(60),
            () -> Sql.number(db(), "SELECT count(*) FROM logs") > before + 20_000);
        Path pidFile = home.resolve("cluster/data/postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();   // kill -9

        Run run = generate.await(60);
        assertEquals(3, run.exitCode(), run.toString());
        long reported = Long.parseLong(run.err().replaceAll("(?s).*webtop: (\\d+) rows were committed before this.*", "$1"));
        assertTrue(reported > 20_000, run.err());
        assertTrue(Files.exists(pidFile), "the killed server left its postmaster.pid behind");

        Run start = cli.run("start");
        assertEquals(0, start.exitCode(), start.toString());
        assertEquals(before + reported, Sql.number(db(), "SELECT count(*) FROM logs"), "committed = reported");
        // once the aggregates catch up they count every raw row
        Sql.execute(db(), "CALL webtop_refresh_aggregates()");
        assertEquals(Sql.number(db(), "SELECT count(*) FROM logs"),
            Sql.number(db(), "SELECT sum(hits) FROM domain_stats_1m"));
    }
}
