package dev.webtop.support;

import dev.webtop.Webtop;
import dev.webtop.base.Environment;
import dev.webtop.config.DbTarget;
import dev.webtop.config.ProcessEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process with captured output and a chosen environment. */
public final class Cli {
    private final Map<String, String> variables = new HashMap<>();
    private Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

    public record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** An environment with only PATH and the project root: nothing of the developer's leaks in. */
    public static Cli isolated() {
        Cli cli = new Cli();
        cli.variables.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        cli.variables.put("WEBTOP_ROOT", TestPaths.projectRoot().toString());
        return cli;
    }

    public Cli env(String key, String value) {
        variables.put(key, value);
        return this;
    }

    public Cli withoutEnv(String key) {
        variables.remove(key);
        return this;
    }

    public Cli workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public Environment environment() {
        return new ProcessEnvironment(variables, workDir);
    }

    /** Runs a command on a test database: its arguments, then --db-url with the database's URL. */
    public Run on(DbTarget db, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--db-url";
        all[args.length + 1] = TestDatabase.url(db);
        return run(all);
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Webtop.newCommandLine(environment(), new PrintWriter(out, true),
            new PrintWriter(err, true), args).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
