package dev.webtop;

import dev.webtop.config.ProcessEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The run a class-data archive is made from: the short commands cron and scripts call, in one
 * JVM, so that the classes they load are parsed and verified once, at build time, rather than at
 * every start. Harmless anywhere:
 * nothing is stored, the only addresses tried are refused ports on loopback, and the user's
 * environment is not read.
 */
public final class StartTraining {
    private static final List<List<String>> RUNS = List.of(
        List.of("--help"),
        List.of("probe", "--no-store", "--json", "http://127.0.0.1:9/"),
        List.of("probe", "--no-store", "http://127.0.0.1:9/health"),
        List.of("status", "--db-url", "postgresql://webtop:training@127.0.0.1:9/webtop"),
        List.of("status", "--json", "--db-url", "postgresql://webtop:training@127.0.0.1:9/webtop"),
        List.of("probe", "report", "--help"),
        List.of("report", "--help"));

    private StartTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("webtop-training");
        ProcessEnvironment environment = new ProcessEnvironment(Map.of("WEBTOP_HOME", home.toString()), home);
        Webtop.Version.line();   // what --version needs, answered without the commands
        for (List<String> run : RUNS) {
            PrintWriter discard = new PrintWriter(new StringWriter());
            String[] arguments = run.toArray(String[]::new);
            Webtop.newCommandLine(environment, discard, discard, arguments).execute(arguments);
        }
        try (var files = Files.walk(home)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
        System.exit(0);   // as the commands do: the prober's idle threads would keep the JVM a minute
    }
}
