package dev.webtop.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a dead postmaster can leave running: backends busy in a long statement and background
 * workers (pg_cron's launcher among them) notice its death late or never, and while one of them
 * holds the old shared memory no new server starts ("pre-existing shared memory block is still in
 * use"). Every server process works in its data directory, which is how they are found.
 */
final class ServerLeftovers {
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

    private ServerLeftovers() {
    }

    /** Kills the processes working in dataDir (only ever called when its postmaster is dead); returns how many. */
    static int kill(Path dataDir) {
        List<ProcessHandle> left = find(dataDir);
        left.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
        while (left.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return left.size();
    }

    static List<ProcessHandle> find(Path dataDir) {
        List<ProcessHandle> found = new ArrayList<>();
        Path data;
        try {
            data = dataDir.toRealPath();
        } catch (IOException e) {
            return found;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != self && data.equals(workingDirectory(process))) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            // no /proc to look in: nothing found, and start says what PostgreSQL says
        }
        return found;
    }

    private static Path workingDirectory(Path process) {
        try {
            return Files.readSymbolicLink(process.resolve("cwd"));
        } catch (IOException | UnsupportedOperationException e) {
            return null;   // gone meanwhile, or not ours to look at
        }
    }
}
