package dev.webtop.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A clean Debian 12 root filesystem to install a package into, as a user's fresh machine:
 * debootstrap's minimal variant plus man-db and systemd, made once per machine and kept as a tarball in
 * ~/.cache/webtop, then unpacked afresh for each use. Commands run in it with chroot, with /proc
 * and /dev mounted, and the host's network (loopback included).
 */
public final class CleanDebian implements AutoCloseable {
    private static final String MIRROR = "http://deb.debian.org/debian";
    private final Path root;
    private final List<Path> mounts = new ArrayList<>();

    private CleanDebian(Path root) {
        this.root = root;
    }

    /** Unpacks a fresh Debian 12 into `dir`, making the cached tarball first when missing. */
    public static CleanDebian bookworm(Path dir) throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("user.home"), ".cache/webtop/debian12-minbase-systemd.tar");
        if (!Files.exists(tarball)) {
            make(tarball);
        }
        Files.createDirectories(dir);
        host(List.of("tar", "-C", dir.toString(), "-xf", tarball.toString()), 300);
        CleanDebian debian = new CleanDebian(dir);
        debian.mount(List.of("mount", "-t", "proc", "proc"), dir.resolve("proc"));
        debian.mount(List.of("mount", "--rbind", "/dev"), dir.resolve("dev"));
        return debian;
    }

    private static void make(Path tarball) throws IOException, InterruptedException {
        DebianPackages.ensure("/usr/sbin/debootstrap", "debootstrap");
        Files.createDirectories(tarball.getParent());
        Path work = Files.createTempDirectory(tarball.getParent(), "debian12-");
        try {
            host(List.of("debootstrap", "--variant=minbase", "--include=man-db,systemd", "bookworm", work.toString(), MIRROR), 1800);
            host(List.of("tar", "-C", work.toString(), "-cf", tarball + ".tmp", "."), 300);
            Files.move(Path.of(tarball + ".tmp"), tarball);
        } finally {
            host(List.of("rm", "-rf", work.toString()), 300);
        }
    }

    public Path root() {
        return root;
    }

    /** Binds a folder of the host into the root filesystem at `inside` (an absolute path there). */
    public void bind(Path hostFolder, String inside) throws IOException, InterruptedException {
        Path target = root.resolve(inside.substring(1));
        Files.createDirectories(target);
        List<String> command = new ArrayList<>(List.of("mount", "--bind", hostFolder.toString()));
        mount(command, target);
    }

    private void mount(List<String> command, Path target) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.add(target.toString());
        host(full, 60);
        mounts.add(0, target);
    }

    /** Runs `command` inside, as root, with only `env` (and a PATH) as its environment. */
    public Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("chroot", root.toString()));
        full.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(full);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("HOME", "/root");
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().putAll(env);
        return execute(builder, 600);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Path target : mounts) {
            host(List.of("umount", "-l", target.toString()), 60);
        }
        mounts.clear();
        // a bound folder (the shared database binaries) must never be removed with the root
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String point = line.split(" ")[1];
            if (point.startsWith(root.toRealPath() + "/")) {
                throw new IllegalStateException(point + " is still mounted; " + root + " was left in place");
            }
        }
        host(List.of("rm", "-rf", "--one-file-system", root.toString()), 300);
    }

    /** What a command did: its exit code and its output, stdout and stderr together. */
    public record Run(int exitCode, String output) {
    }

    private static Run host(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Run run = execute(new ProcessBuilder(command), timeoutSeconds);
        if (run.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + run.exitCode() + "): " + run.output());
        }
        return run;
    }

    private static Run execute(ProcessBuilder builder, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("webtop-chroot", ".log");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", builder.command()) + " ran past " + timeoutSeconds + " s: "
                    + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
