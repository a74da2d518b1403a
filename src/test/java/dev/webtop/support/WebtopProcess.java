package dev.webtop.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * webtop as a process of its own, for what needs one: signals, kills, two copies at once. Its
 * environment is only what is given (and PATH); its output goes to files in `dir`.
 */
public final class WebtopProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private WebtopProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static WebtopProcess start(Path dir, String name, Map<String, String> env, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
            "dev.webtop.Webtop"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("WEBTOP_ROOT", TestPaths.projectRoot().toString());
        builder.environment().putAll(env);
        try {
            return new WebtopProcess(builder.start(), dir.resolve(name + ".out"), dir.resolve(name + ".err"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as a service manager or Ctrl-C would stop it. */
    public void terminate() {
        process.destroy();
    }

    /** kill -9 of webtop itself; what it started runs on, as after an OOM kill. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What it has printed on stdout so far. */
    public String outSoFar() {
        try {
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What it has printed on stderr so far. */
    public String errSoFar() {
        try {
            return Files.readString(err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the end and returns what it printed, as an in-process run would. */
    public Cli.Run await(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + seconds + " s: " + Files.readString(err));
            }
            return new Cli.Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
