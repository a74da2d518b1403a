package dev.webtop.config;

import dev.webtop.base.Environment;
import dev.webtop.base.WebtopException;
import java.nio.file.Path;

/**
 * Every setting a command needs, resolved once: flags, then the environment, then `.env` in the
 * working directory, then the defaults below. {@link #resolve} validates as it goes, so a bad
 * value is reported before anything is started or written.
 */
public final class WebtopConfig {
    public static final String DEFAULT_DATABASE = "website_tracker";
    public static final String DEFAULT_USER = "postgres";
    public static final int DEFAULT_LOCAL_PORT = 55432;
    public static final String DEFAULT_HOME = ".local/share/webtop";

    private final RuntimeKind forcedRuntime;
    private final DbTarget externalTarget;
    private final String database;
    private final Path home;
    private final Path rootfs;
    private final int localPort;
    private final Path projectRoot;
    private final Environment environment;

    private WebtopConfig(RuntimeKind forcedRuntime, DbTarget externalTarget, String database,
                         Path home, Path rootfs, int localPort, Path projectRoot,
                         Environment environment) {
        this.forcedRuntime = forcedRuntime;
        this.externalTarget = externalTarget;
        this.database = database;
        this.home = home;
        this.rootfs = rootfs;
        this.localPort = localPort;
        this.projectRoot = projectRoot;
        this.environment = environment;
    }

    /**
     * @param dbUrlFlag   `--db-url`, or null
     * @param runtimeFlag `--runtime`, or null
     */
    public static WebtopConfig resolve(Environment env, String dbUrlFlag, RuntimeKind runtimeFlag) {
        String database = env.getOrDefault("PGDATABASE", DEFAULT_DATABASE);
        RuntimeKind runtime = runtimeFlag;
        if (runtime == null && dbUrlFlag != null) {
            // a --db-url flag outranks a runtime chosen in the environment
            runtime = RuntimeKind.EXTERNAL;
        } else if (runtime == null && env.get("WEBTOP_RUNTIME") != null) {
            runtime = RuntimeKind.parse(env.get("WEBTOP_RUNTIME"), "WEBTOP_RUNTIME");
        }
        DbTarget external = externalTarget(env, dbUrlFlag, database);
        Path home = Path.of(env.getOrDefault("WEBTOP_HOME", defaultHome(env).toString()))
            .toAbsolutePath().normalize();
        Path rootfs = env.get("WEBTOP_ROOTFS") != null
            ? Path.of(env.get("WEBTOP_ROOTFS")).toAbsolutePath().normalize()
            : home.resolve("rootfs");
        int localPort = port(env.getOrDefault("WEBTOP_LOCAL_PORT",
            String.valueOf(DEFAULT_LOCAL_PORT)), "WEBTOP_LOCAL_PORT");
        Path projectRoot = Path.of(env.getOrDefault("WEBTOP_ROOT", env.workDir().toString()))
            .toAbsolutePath().normalize();
        if (runtime == RuntimeKind.EXTERNAL && external == null) {
            throw WebtopException.badInput("--runtime external needs a database: pass --db-url "
                + "or set WEBTOP_DB_URL or PGHOST");
        }
        return new WebtopConfig(runtime, external, database, home, rootfs, localPort, projectRoot,
            env);
    }

    /** `$XDG_DATA_HOME/webtop`, which is `~/.local/share/webtop` unless the user moved it. */
    private static Path defaultHome(Environment env) {
        if (env.get("XDG_DATA_HOME") != null) {
            return Path.of(env.get("XDG_DATA_HOME"), "webtop");
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), DEFAULT_HOME);
    }

    /** A configured URL, or PGHOST/PGPORT, means the user brings their own database. */
    private static DbTarget externalTarget(Environment env, String dbUrlFlag, String database) {
        String user = env.getOrDefault("PGUSER", DEFAULT_USER);
        String password = env.get("PGPASSWORD");
        String url = dbUrlFlag != null ? dbUrlFlag : env.get("WEBTOP_DB_URL");
        if (url != null) {
            return DbTarget.parse(url, user, password, database);
        }
        if (env.get("PGHOST") != null || env.get("PGPORT") != null) {
            int port = port(env.getOrDefault("PGPORT", String.valueOf(DbTarget.DEFAULT_PORT)),
                "PGPORT");
            return new DbTarget(env.getOrDefault("PGHOST", "localhost"), port, database, user,
                password);
        }
        return null;
    }

    private static int port(String value, String source) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw WebtopException.badInput(source + " '" + value
            + "' is not a port; use a number from 1 to 65535");
    }

    /** The runtime the user forced with --runtime or WEBTOP_RUNTIME, or null to auto-select. */
    public RuntimeKind forcedRuntime() {
        return forcedRuntime;
    }

    /** The user's own database, or null when none is configured. */
    public DbTarget externalTarget() {
        return externalTarget;
    }

    public String database() {
        return database;
    }

    public Path home() {
        return home;
    }

    public Path rootfs() {
        return rootfs;
    }

    public int localPort() {
        return localPort;
    }

    /** The folder holding docker-compose.yml and sql/. */
    public Path projectRoot() {
        return projectRoot;
    }

    public Environment environment() {
        return environment;
    }
}
