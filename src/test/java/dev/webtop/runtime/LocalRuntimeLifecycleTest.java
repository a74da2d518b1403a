package dev.webtop.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webtop.config.DbTarget;
import dev.webtop.config.WebtopConfig;
import dev.webtop.support.Cli;
import dev.webtop.support.Cli.Run;
import dev.webtop.support.Sql;
import dev.webtop.support.TestPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local runtime end to end, through the real commands, on a cluster of its own (own home,
 * own port) that is created from nothing here and removed afterwards. Each step builds on the one
 * before, as a user's session would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRuntimeLifecycleTest {
    private static final int PORT = 25492;
    private static Path home;
    private static Cli cli;

    @BeforeAll
    static void freshHome() {
        home = TestPaths.testHome("lifecycle-" + UUID.randomUUID().toString().substring(0, 8));
        cli = Cli.isolated()
            .env("WEBTOP_HOME", home.toString())
            .env("WEBTOP_ROOTFS", TestPaths.sharedRootfs().toString())
            .env("WEBTOP_LOCAL_PORT", String.valueOf(PORT))
            .env("WEBTOP_RUNTIME", "local");
    }

    @AfterAll
    static void removeCluster() throws IOException {
        cli.run("stop");
        Path cluster = home.resolve("cluster").toRealPath();
        Processes.run(new ProcessBuilder("rm", "-rf", cluster.toString(), home.toString()),
            Duration.ofMinutes(1));
    }

    private static DbTarget target() {
        return new LocalRuntime(WebtopConfig.resolve(cli.environment(), null, null)).target();
    }

    private static String postmasterStart() {
        return Sql.value(target(), "SELECT pg_postmaster_start_time()");
    }

    @Test
    @Order(1)
    void statusBeforeTheFirstStartSaysToStartAndExits3() {
        Run run = cli.run("status");
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("run ./webtop start") || run.err().contains("with ./webtop start"),
            run.err());
    }

    @Test
    @Order(2)
    void startCreatesAPasswordProtectedClusterOnLoopbackWithTheSqlApplied() throws IOException {
        Run run = cli.run("start");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("Creating the cluster"), run.out());
        assertTrue(run.out().matches("(?s).*Migrations: \\d+ applied.*"), run.out());
        assertTrue(run.out().contains("Initial data: 30,000 page views"), run.out());
        assertTrue(run.out().contains("Ready in"), run.out());
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(home.resolve("password"))));
        String password = Files.readString(home.resolve("password")).strip();
        assertTrue(password.length() >= 24);
        assertTrue(Files.exists(home.resolve("cluster/data/PG_VERSION")), "no cluster link in the home");
        assertFalse(run.out().contains(password), "the password was printed");

        DbTarget db = target();
        assertEquals("127.0.0.1", Sql.value(db, "SHOW listen_addresses"));
        assertEquals(String.valueOf(PORT), Sql.value(db, "SHOW port"));
        assertEquals("timescaledb,pg_cron", Sql.value(db, "SHOW shared_preload_libraries"));
        assertEquals("website_tracker", Sql.value(db, "SHOW cron.database_name"));
        assertEquals("scram-sha-256", Sql.value(db, "SHOW password_encryption"));
        assertTrue(Sql.value(db, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")
            .startsWith("SCRAM-SHA-256$"));
    }

    @Test
    @Order(3)
    void statusShowsTheApacheEditionWithPgCron() {
        Run run = cli.run("status", "--json");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("\"runtime\":\"local\""), run.out());
        assertTrue(run.out().contains("\"edition\":\"apache\""), run.out());
        assertTrue(run.out().contains("\"timescaledb_version\":\"2.19."), run.out());
        assertTrue(run.out().contains("\"pg_cron\":true"), run.out());
        assertTrue(run.out().contains("\"healthy\":true"), run.out());
    }

    @Test
    @Order(4)
    void aWrongPasswordIsRefusedWithExit3() {
        Run run = Cli.isolated().run("status", "--db-url",
            "postgresql://postgres:wrong@127.0.0.1:" + PORT + "/website_tracker");
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("password authentication failed"), run.err());
        assertTrue(run.err().contains("check the user and password"), run.err());
    }

    @Test
    @Order(5)
    void thePasswordIsNeverPrintedAndNoOneGetsInWithoutIt() throws Exception {
        String password = Files.readString(home.resolve("password")).strip();
        List<String[]> commands = List.of(
            new String[] {"status"}, new String[] {"status", "--json"}, new String[] {"status", "--verbose"},
            new String[] {"setup-db", "--verbose"}, new String[] {"setup", "--list"},
            new String[] {"monitor", "--once"}, new String[] {"monitor", "--json", "--verbose"},
            new String[] {"generate", "--count", "100", "--json", "--verbose"},
            new String[] {"report", "top", "--json"}, new String[] {"stats", "--json"},
            new String[] {"probe", "report", "--json"},
            new String[] {"setup-db", "--set", "nosuch.key=1", "--verbose"},
            new String[] {"report", "top", "--since", "soon", "--verbose"},
            new String[] {"status", "--verbose", "--db-url", "postgresql://postgres:" + password + "@127.0.0.1:1/website_tracker"},
            new String[] {"status", "--verbose", "--db-url", "postgresql://postgres:" + password + "@127.0.0.1:" + PORT + "/nosuchdb"},
            new String[] {"status", "--db-url", "mysql://postgres:" + password + "@127.0.0.1/x"});
        for (String[] command : commands) {
            Run run = cli.run(command);
            assertFalse(run.out().contains(password) || run.err().contains(password),
                "the password was printed by " + String.join(" ", command) + ":\n" + run);
        }
        // nor is it in any file of the home or the cluster (its log included) but its own
        Path passwordFile = home.resolve("password").toRealPath();
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        int scanned = 0;
        for (Path root : List.of(home, home.resolve("cluster").toRealPath())) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (!file.toRealPath().equals(passwordFile)) {
                        assertFalse(contains(Files.readAllBytes(file), secret), "the password is in " + file);
                        scanned++;
                    }
                }
            }
        }
        assertTrue(Files.exists(home.resolve("cluster/postgres.log")) && scanned > 100, scanned + " files scanned");

        // TCP needs the password, and the server listens on loopback only
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + PORT + "/website_tracker?user=postgres").close());
        assertTrue(refused.getMessage().contains("no password was provided"), refused.getMessage());
        List<InetAddress> elsewhere = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(NetworkInterface::inetAddresses).filter(a -> !a.isLoopbackAddress()).toList();
        for (InetAddress address : elsewhere) {
            assertThrows(IOException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, PORT), 1000);
                }
            }, "the cluster answers on " + address);
        }
        // and the compose file publishes its port on loopback only
        List<String> published = Files.readAllLines(TestPaths.projectRoot().resolve("docker-compose.yml")).stream()
            .filter(line -> line.contains(":5432")).toList();
        assertTrue(!published.isEmpty() && published.stream().allMatch(line -> line.contains("\"127.0.0.1:")),
            published.toString());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    @Order(6)
    void startingARunningClusterOnlyReappliesTheSetup() {
        String before = postmasterStart();
        long started = System.nanoTime();

        Run run = cli.run("start");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("already running"), run.out());
        assertTrue(run.out().contains("Migrations: up to date"), run.out());
        assertFalse(run.out().contains("Creating the cluster"), run.out());
        assertEquals(before, postmasterStart(), "the server was restarted");
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(15).toNanos());
    }

    @Test
    @Order(7)
    void stopStopsTheServerAndKeepsTheData() {
        Sql.execute(target(), "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");

        Run stop = cli.run("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertTrue(stop.out().contains("Stopped"), stop.out());
        assertEquals(3, cli.run("status").exitCode());

        Run again = cli.run("stop");
        assertEquals(0, again.exitCode());
        assertTrue(again.out().contains("not running"), again.out());

        Run start = cli.run("start");
        assertEquals(0, start.exitCode(), start.toString());
        assertEquals("42", Sql.value(target(), "SELECT n FROM kept"));
    }

    @Test
    @Order(8)
    void restartStartsANewServerAndReappliesTheSetup() {
        String before = postmasterStart();
        Run run = cli.run("restart");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("Stopping PostgreSQL"), run.out());
        assertTrue(run.out().contains("Migrations: up to date"), run.out());
        assertNotEquals(before, postmasterStart());
    }

    @Test
    @Order(9)
    void aLostPasswordFileIsReportedInsteadOfMakingANewCluster() throws IOException {
        Path password = home.resolve("password");
        Path saved = home.resolve("password.saved");
        Files.move(password, saved);
        try {
            Run run = cli.run("start");
            assertEquals(4, run.exitCode(), run.toString());
            assertTrue(run.err().contains("password file"), run.err());
        } finally {
            Files.move(saved, password);
        }
    }
}
