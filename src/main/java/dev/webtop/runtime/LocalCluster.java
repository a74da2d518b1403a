package dev.webtop.runtime;

import dev.webtop.base.WebtopException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * webtop's private PostgreSQL cluster: `data/` (the cluster), `postgres.log` and the Unix socket,
 * all in one directory that only this webtop home uses. It listens on 127.0.0.1 only and asks
 * every TCP client for a scram password.
 */
final class LocalCluster {
    private static final String SETTINGS_FILE = "webtop.conf";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final ServerBinaries binaries;

    LocalCluster(ServerBinaries binaries) {
        this.binaries = binaries;
    }

    boolean isInitialized() {
        return Files.exists(dataOnHost().resolve("PG_VERSION"));
    }

    /** Creates the cluster with `postgres` as its superuser and the given password. */
    void initialize(String superuserPassword) {
        Path dir = binaries.clusterDirOnHost();
        Path passwordFile = dir.resolve("initdb.pw");
        try {
            if (Files.exists(dataOnHost())) {
                // a data directory without PG_VERSION is what an interrupted initdb leaves
                Processes.run(new ProcessBuilder("rm", "-rf", dataOnHost().toString()),
                    Duration.ofMinutes(1));
            }
            Files.createDirectories(dir);
            binaries.giveToServer(dir);
            SecretFile.write(passwordFile, superuserPassword);
            binaries.giveToServer(passwordFile);
            Processes.Result result = Processes.run(binaries.command("initdb", List.of(
                "-D", data(), "-U", "postgres", "--pwfile=" + binaries.clusterDir() + "/initdb.pw",
                "--auth-local=peer", "--auth-host=scram-sha-256", "--encoding=UTF8",
                "--locale=C.UTF-8", "-c", "dynamic_shared_memory_type=mmap")),
                Duration.ofMinutes(2));
            if (!result.ok()) {
                throw WebtopException.failure("initdb failed: " + result.lastLines(3));
            }
            Files.writeString(dataOnHost().resolve("postgresql.conf"),
                "\n# webtop's settings, rewritten by every `webtop start`\ninclude_if_exists = '"
                    + SETTINGS_FILE + "'\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster in " + dir, e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException e) {
                // the directory is private to the postgres user anyway
            }
        }
    }

    /**
     * Writes the settings webtop owns. Mapped shared memory needs no /dev/shm inside a root
     * filesystem; pg_cron runs its jobs in background workers so they need no password.
     */
    void writeSettings(int port, String database) {
        String settings = String.join("\n",
            "listen_addresses = '127.0.0.1'",
            "port = " + port,
            "unix_socket_directories = '" + binaries.clusterDir() + "'",
            "dynamic_shared_memory_type = mmap",
            "shared_preload_libraries = 'timescaledb,pg_cron'",
            "cron.database_name = '" + database.replace("'", "''") + "'",
            "cron.use_background_workers = on",
            "max_worker_processes = 32",
            "timescaledb.telemetry_level = off",
            "password_encryption = scram-sha-256",
            "");
        Path file = dataOnHost().resolve(SETTINGS_FILE);
        try {
            Files.writeString(file, settings, StandardCharsets.UTF_8);
            binaries.giveToServer(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    boolean isRunning() {
        return isInitialized()
            && postmasterAlive()
            && Processes.run(binaries.command("pg_ctl", List.of("status", "-D", data())),
                Duration.ofSeconds(30)).ok();
    }

    /**
     * Whether the process named in postmaster.pid still lives. A killed server leaves the file
     * (and its socket's lock file), and where nothing reaps orphans (a container without an init)
     * its process stays a zombie, which pg_ctl and the next postmaster both take for a server
     * still running.
     */
    private boolean postmasterAlive() {
        return ownerAlive(dataOnHost().resolve("postmaster.pid"));
    }

    private static boolean ownerAlive(Path lockFile) {
        try {
            String pid = Files.readAllLines(lockFile, StandardCharsets.UTF_8).get(0).strip();
            String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.UTF_8);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;   // no such file or process, or a file cut short by the crash
        }
    }

    /** Removes the lock files of a server that died without removing them, so the next one starts. */
    private void clearStaleLocks() {
        try (var sockets = Files.newDirectoryStream(binaries.clusterDirOnHost(), ".s.PGSQL.*.lock")) {
            List<Path> locks = new ArrayList<>(List.of(dataOnHost().resolve("postmaster.pid")));
            sockets.forEach(locks::add);
            for (Path lock : locks) {
                if (Files.exists(lock) && !ownerAlive(lock)) {
                    Files.delete(lock);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lock files a stopped server left in "
                + binaries.clusterDirOnHost(), e);
        }
    }

    void start() {
        if (!postmasterAlive()) {
            ServerLeftovers.kill(dataOnHost());
        }
        clearStaleLocks();
        Processes.Result result = Processes.run(binaries.command("pg_ctl", List.of(
            "start", "-D", data(), "-l", binaries.clusterDir() + "/postgres.log", "-w",
            "-t", String.valueOf(START_TIMEOUT.toSeconds()))), START_TIMEOUT.plusSeconds(10));
        if (!result.ok()) {
            throw WebtopException.failure("PostgreSQL did not start: " + lastServerError()
                + "; see " + logOnHost());
        }
    }

    /** A fast shutdown: sessions are disconnected, data is flushed, nothing is lost. */
    void stop() {
        Processes.Result result = Processes.run(binaries.command("pg_ctl", List.of(
            "stop", "-D", data(), "-m", "fast", "-w",
            "-t", String.valueOf(STOP_TIMEOUT.toSeconds()))), STOP_TIMEOUT.plusSeconds(10));
        if (!result.ok()) {
            throw WebtopException.failure("PostgreSQL did not stop: " + result.lastLines(2)
                + "; see " + logOnHost());
        }
    }

    /**
     * Makes WEBTOP_HOME/cluster lead to the cluster directory, which lives inside the root
     * filesystem when the binaries do, so that users (and clean-up scripts) find their data.
     */
    void linkFrom(Path link) {
        Path dir = binaries.clusterDirOnHost();
        try {
            if (link.equals(dir) || (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(dir))) {
                return;
            }
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link " + link + " to " + dir, e);
        }
    }

    Path directory() {
        return binaries.clusterDirOnHost();
    }

    Path logOnHost() {
        return binaries.clusterDirOnHost().resolve("postgres.log");
    }

    private String lastServerError() {
        try {
            List<String> lines = Files.readAllLines(logOnHost(), StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                if (line.contains("FATAL") || line.contains("ERROR")) {
                    return line.replaceFirst("^.*?(FATAL|ERROR):\\s*", "");
                }
            }
            return lines.isEmpty() ? "no log written" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no log written";
        }
    }

    private String data() {
        return binaries.clusterDir() + "/data";
    }

    private Path dataOnHost() {
        return binaries.clusterDirOnHost().resolve("data");
    }
}
