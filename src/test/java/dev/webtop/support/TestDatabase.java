package dev.webtop.support;

import dev.webtop.base.Environment;
import dev.webtop.config.DbTarget;
import dev.webtop.config.ProcessEnvironment;
import dev.webtop.config.RuntimeKind;
import dev.webtop.config.WebtopConfig;
import dev.webtop.db.Database;
import dev.webtop.db.DatabaseSetup;
import dev.webtop.runtime.DatabaseRuntime;
import dev.webtop.runtime.Progress;
import dev.webtop.runtime.Runtimes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real TimescaleDB the integration tests use, chosen once per test run: WEBTOP_TEST_DB_URL if
 * set (its database is wiped by the tests), else a Testcontainers TimescaleDB when Docker answers,
 * else webtop's own local runtime on a test port and home. Never a mock, never skipped: when none
 * can serve, the tests fail and say why.
 */
public final class TestDatabase {
    /**
     * The tests' and scripts' clusters listen on 2548x-2549x, below Linux's ephemeral range
     * (32768-60999), where any outgoing connection may hold a port just when a server binds it.
     */
    public static final int LOCAL_TEST_PORT = 25491;
    private static DbTarget target;
    private static String source;
    private static DatabaseRuntime localRuntime;

    private TestDatabase() {
    }

    public static synchronized DbTarget target() {
        if (target == null) {
            try {
                target = open();
            } catch (RuntimeException e) {
                throw new IllegalStateException("no TimescaleDB for the integration tests (" + e.getMessage()
                    + "). Set WEBTOP_TEST_DB_URL, start a Docker engine, or run as root on Debian so "
                    + "webtop can provision its local runtime", e);
            }
        }
        return target;
    }

    /** Where the database came from, for messages. */
    public static synchronized String source() {
        target();
        return source;
    }

    /** The local runtime behind the test database, or null when it comes from elsewhere. */
    public static synchronized DatabaseRuntime localRuntime() {
        target();
        return localRuntime;
    }

    /** Drops and recreates the test database, so a test starts from an empty one. */
    public static DbTarget fresh() {
        DbTarget db = target();
        try (Connection maintenance = Database.connect(db.withDatabase("postgres"));
             Statement statement = maintenance.createStatement()) {
            String name = "\"" + db.database().replace("\"", "\"\"") + "\"";
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate the test database: " + e.getMessage(), e);
        }
        return db;
    }

    /** A fresh test database with webtop's SQL applied and no jobs scheduled. */
    public static DbTarget withPipeline() {
        DbTarget db = fresh();
        DatabaseSetup.apply(db, TestPaths.projectRoot());
        return db;
    }

    /** The server's TimescaleDB edition: `timescale` (community) or `apache`. */
    public static String edition(DbTarget db) {
        return Sql.value(db, "SELECT edition FROM webtop_instance");
    }

    /** The URL with its password, to hand to the command line as --db-url. */
    public static String url(DbTarget db) {
        String password = db.password() == null ? ""
            : ":" + URLEncoder.encode(db.password(), StandardCharsets.UTF_8);
        return "postgresql://" + db.user() + password + "@" + db.host() + ":" + db.port() + "/"
            + db.database();
    }

    private static DbTarget open() {
        String url = System.getenv("WEBTOP_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            source = "WEBTOP_TEST_DB_URL";
            return DbTarget.parse(url, "postgres", null, "website_tracker");
        }
        if (dockerAnswers()) {
            source = "Testcontainers";
            return container();
        }
        source = "local runtime";
        return localCluster();
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static DbTarget container() {
        PostgreSQLContainer container = new PostgreSQLContainer(
            DockerImageName.parse("timescale/timescaledb-ha:pg17").asCompatibleSubstituteFor("postgres"))
            .withDatabaseName("website_tracker");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new DbTarget(container.getHost(), container.getMappedPort(5432),
            container.getDatabaseName(), container.getUsername(), container.getPassword());
    }

    /** webtop's local runtime under a test home and port; stopped when the test JVM exits. */
    private static DbTarget localCluster() {
        Environment environment = new ProcessEnvironment(Map.of(
            "WEBTOP_HOME", TestPaths.testHome("db").toString(),
            "WEBTOP_ROOTFS", TestPaths.sharedRootfs().toString(),
            "WEBTOP_LOCAL_PORT", String.valueOf(LOCAL_TEST_PORT),
            "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
            TestPaths.projectRoot());
        WebtopConfig config = WebtopConfig.resolve(environment, null, RuntimeKind.LOCAL);
        DatabaseRuntime runtime = Runtimes.select(config);
        DbTarget db = runtime.start(step -> System.out.println("[test database] " + step));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> runtime.stop(Progress.SILENT)));
        localRuntime = runtime;
        return db;
    }
}
