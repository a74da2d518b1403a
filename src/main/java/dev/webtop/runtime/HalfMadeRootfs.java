package dev.webtop.runtime;

import dev.webtop.base.WebtopException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Clears what an interrupted provisioning left: a webtop killed with `kill -9` leaves debootstrap
 * running on as an orphan, and a debootstrap killed in its last stage leaves /proc and /sys
 * mounted inside the tree, which `rm` cannot remove. Called under the provisioning lock, so no
 * live webtop is working on the same tree.
 */
final class HalfMadeRootfs {
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

    private HalfMadeRootfs() {
    }

    static void remove(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        Path tree = real(dir);   // /proc and the mount table show resolved paths
        stopProcessesWorkingIn(tree);
        unmountEverythingUnder(tree);
        Processes.Result result = Processes.run(
            new ProcessBuilder("rm", "-rf", "--one-file-system", tree.toString()), Duration.ofMinutes(5));
        if (!result.ok()) {
            throw WebtopException.failure("cannot remove " + tree + ": " + result.lastLines(2));
        }
    }

    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** Kills what works in the tree: processes chrooted into it, and a debootstrap building it with its children. */
    private static void stopProcessesWorkingIn(Path tree) {
        long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
        while (true) {
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> chrootedInto(p, tree) || debootstrapOf(p, tree))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct().toList();
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw WebtopException.failure("processes still working in " + tree + " (pids "
                    + left.stream().map(p -> String.valueOf(p.pid())).toList() + "); stop them and start again");
            }
            left.forEach(ProcessHandle::destroyForcibly);
            sleep(200);
        }
    }

    private static boolean chrootedInto(ProcessHandle process, Path tree) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "root")).startsWith(tree);
        } catch (IOException | UnsupportedOperationException e) {
            return false;   // gone meanwhile, or not ours to look at
        }
    }

    /** debootstrap is a shell script: its arguments hold the script's path and the target. */
    private static boolean debootstrapOf(ProcessHandle process, Path tree) {
        String inside = tree + "/";
        return process.info().arguments().map(List::of).map(arguments ->
            arguments.stream().anyMatch(a -> a.endsWith("debootstrap"))
                && arguments.stream().anyMatch(a -> a.equals(tree.toString()) || a.startsWith(inside))).orElse(false);
    }

    /** Lazily unmounts every mount point inside the tree, deepest first. */
    private static void unmountEverythingUnder(Path tree) {
        List<Path> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length > 1) {
                    Path point = Path.of(unescape(fields[1]));
                    if (point.startsWith(tree) && !point.equals(tree)) {
                        points.add(point);
                    }
                }
            }
        } catch (IOException e) {
            return;   // no mount table to read: nothing we could unmount either
        }
        points.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path point : points) {
            Processes.Result result = Processes.run(new ProcessBuilder("umount", "-l", point.toString()),
                Duration.ofSeconds(30));
            if (!result.ok()) {
                throw WebtopException.failure("cannot unmount " + point + " left by an interrupted provisioning: "
                    + result.lastLines(1));
            }
        }
    }

    /** The mount table writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
