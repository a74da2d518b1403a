package dev.webtop.runtime;

import dev.webtop.base.WebtopException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the Debian 13 root filesystem that the local runtime runs PostgreSQL in, once, from
 * Debian's packages with debootstrap. The work happens in a `.partial` sibling that is renamed
 * into place only when complete, so an interrupted run leaves nothing that looks finished; the
 * next run removes the leftovers and starts again. A file lock keeps two webtop processes from
 * provisioning the same root filesystem at once.
 */
final class RootfsProvisioner {
    static final String SUITE = "trixie";
    static final List<String> PACKAGES =
        List.of("postgresql-17", "postgresql-17-timescaledb", "postgresql-17-cron");
    private static final String READY_MARKER = ".webtop-rootfs-ready";
    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);

    private final Path rootfs;
    private final String pathVariable;

    RootfsProvisioner(Path rootfs, String pathVariable) {
        this.rootfs = rootfs;
        this.pathVariable = pathVariable;
    }

    boolean isReady() {
        return Files.exists(rootfs.resolve(READY_MARKER));
    }

    /** Whether this machine can host a provisioned root filesystem at all. */
    static boolean canProvision() {
        return isRoot() && Files.exists(Path.of("/etc/debian_version"));
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    void ensureReady(Progress progress) {
        if (isReady()) {
            return;
        }
        Path lockFile = rootfs.resolveSibling(rootfs.getFileName() + ".lock");
        try (HostLock lock = HostLock.acquire(lockFile, progress, "provisioning " + rootfs)) {
            if (!isReady()) {
                provision(progress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot provision " + rootfs, e);
        }
    }

    private void provision(Progress progress) throws IOException {
        long started = System.nanoTime();
        Path partial = rootfs.resolveSibling(rootfs.getFileName() + ".partial");
        for (Path leftover : List.of(partial, rootfs)) {
            if (Files.exists(leftover)) {
                progress.step("Removing the half-made root filesystem " + leftover
                    + " left by an interrupted run");
                HalfMadeRootfs.remove(leftover);
            }
        }
        Path debootstrap = ensureDebootstrap(progress);
        progress.step("Provisioning PostgreSQL 17 + TimescaleDB + pg_cron from Debian 13 packages into "
            + rootfs + " (once; about a minute)");
        Path log = rootfs.resolveSibling(rootfs.getFileName() + ".provision.log");
        List<String> command = List.of(debootstrap.toString(), "--variant=minbase",
            "--include=" + String.join(",", PACKAGES), SUITE, partial.toString());
        DebootstrapPhases phases = new DebootstrapPhases(progress);
        Processes.Result result = Processes.run(new ProcessBuilder(command), DEBOOTSTRAP_TIMEOUT,
            phases::accept);
        Files.write(log, result.lines());
        if (!result.ok()) {
            throw WebtopException.failure("debootstrap failed (exit " + result.exitCode() + "): "
                + result.lastLines(2) + "; full log in " + log);
        }
        Path postgres = partial.resolve(RootfsBinaries.PG_BIN.substring(1)).resolve("postgres");
        Path timescale = partial.resolve("usr/lib/postgresql/17/lib/timescaledb.so");
        if (!Files.isExecutable(postgres) || !Files.exists(timescale)) {
            throw WebtopException.failure("debootstrap finished but PostgreSQL or TimescaleDB is "
                + "missing from " + partial + "; full log in " + log);
        }
        Files.writeString(partial.resolve(READY_MARKER), String.join(" ", PACKAGES) + "\n");
        Files.move(partial, rootfs, StandardCopyOption.ATOMIC_MOVE);
        progress.step(String.format("Root filesystem ready in %d s",
            Duration.ofNanos(System.nanoTime() - started).toSeconds()));
    }

    private Path ensureDebootstrap(Progress progress) {
        var found = Processes.onPath("debootstrap", pathVariable + ":/usr/sbin:/sbin");
        if (found.isPresent()) {
            return found.get();
        }
        progress.step("Installing debootstrap with apt-get");
        Processes.Result install = apt("install", "-y", "debootstrap");
        if (!install.ok()) {
            apt("update");
            install = apt("install", "-y", "debootstrap");
        }
        if (!install.ok()) {
            throw WebtopException.failure("cannot install debootstrap: " + install.lastLines(2));
        }
        return Processes.onPath("debootstrap", "/usr/sbin:/usr/bin:/sbin").orElseThrow(
            () -> WebtopException.failure("debootstrap was installed but cannot be found"));
    }

    private static Processes.Result apt(String... args) {
        ProcessBuilder builder = new ProcessBuilder(concat("apt-get", args));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        return Processes.run(builder, APT_TIMEOUT);
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    /** Turns debootstrap's hundreds of `I:` lines into three steps, each shown once. */
    private static final class DebootstrapPhases {
        private static final List<String> STAGES =
            List.of("downloading packages", "unpacking the base system", "installing packages");
        private final Progress progress;
        private int shown = -1;

        DebootstrapPhases(Progress progress) {
            this.progress = progress;
        }

        void accept(String line) {
            if (!line.startsWith("I: ")) {
                return;
            }
            String word = line.substring(3).split(" ", 2)[0];
            int stage = switch (word) {
                case "Extracting" -> 1;
                case "Installing", "Unpacking", "Configuring" -> 2;
                default -> 0;
            };
            if (stage > shown) {
                shown = stage;
                progress.step("  " + STAGES.get(stage) + " …");
            }
        }
    }
}
