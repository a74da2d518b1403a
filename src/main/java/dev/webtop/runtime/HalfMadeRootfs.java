package dev.webtop.runtime;

import dev.webtop.WebtopException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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
        Path tree = dir.toAbsolutePath().normalize();
        stopProcessesWorkingIn(tree);
        unmountEverythingUnder(tree);
        Processes.Result result = Processes.run(
            new ProcessBuilder("rm", "-rf", "--one-file-system", tree.toString()), Duration.ofMinutes(5));
        if (!result.ok()) {
            throw WebtopException.failure("cannot remove " + tree + ": " + result.lastLines(2));
        }
    }

    /** Kills the processes chrooted into the tree or naming it on their command line. */
    private static void stopProcessesWorkingIn(Path tree) {
        long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
        while (true) {
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> worksIn(p, tree)).toList();
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

    private static boolean worksIn(ProcessHandle process, Path tree) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return false;
        }
        try {
            Path root = Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "root"));
            if (root.startsWith(tree)) {
                return true;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // gone meanwhile, or not ours to look at
        }
        String inside = tree + "/";
        return process.info().arguments().map(arguments -> Arrays.stream(arguments)
            .anyMatch(a -> a.equals(tree.toString()) || a.startsWith(inside))).orElse(false);
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
