package dev.webtop.runtime;

import dev.webtop.base.WebtopException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs helper programs (pg_ctl, docker, debootstrap) and collects what they print. */
final class Processes {

    record Result(int exitCode, List<String> lines) {
        boolean ok() {
            return exitCode == 0;
        }

        String lastLines(int count) {
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        }
    }

    private Processes() {
    }

    static Result run(ProcessBuilder builder, Duration timeout) {
        return run(builder, timeout, line -> { });
    }

    /** Runs to completion, merging stderr into stdout and handing each line to {@code onLine}. */
    static Result run(ProcessBuilder builder, Duration timeout, Consumer<String> onLine) {
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        String program = builder.command().get(0);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw WebtopException.failure("cannot run " + program + ": " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the process went away; its exit code tells the story
            }
        }, "output-of-" + program);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw WebtopException.failure(program + " did not finish within "
                    + timeout.toSeconds() + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw WebtopException.failure("interrupted while waiting for " + program);
        }
        synchronized (lines) {
            return new Result(process.exitValue(), List.copyOf(lines));
        }
    }

    /** The first executable of that name on PATH. */
    static Optional<Path> onPath(String program, String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
