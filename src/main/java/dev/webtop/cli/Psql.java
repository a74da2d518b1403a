package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "psql",
    description = {"Open psql on webtop's database; further arguments go to psql.",
        "The password is passed in the environment, never on the command line."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop psql",
        "  ./webtop psql -c 'SELECT * FROM webtop_edition'",
        "  ./webtop psql -- -f my-queries.sql"})
public final class Psql extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "PSQL_ARG", description = "Arguments for psql.")
    List<String> psqlArgs = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        Path psql = findPsql();
        DbTarget target = db.target(environment());
        List<String> command = new ArrayList<>(List.of(psql.toString()));
        command.addAll(psqlArgs);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("PGHOST", target.host());
        env.put("PGPORT", String.valueOf(target.port()));
        env.put("PGUSER", target.user());
        env.put("PGDATABASE", target.database());
        env.put("PGAPPNAME", "webtop psql");
        env.remove("PGPASSWORD");
        if (target.password() != null) {
            env.put("PGPASSWORD", target.password());
        }
        String sslMode = target.params().get("sslmode");
        if (sslMode != null) {
            env.put("PGSSLMODE", sslMode);
        }
        out().flush();
        return builder.start().waitFor();
    }

    private Path findPsql() {
        String path = environment().variables().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "psql");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new WebtopException(ExitCode.FAILURE, "psql is not installed; install the PostgreSQL "
            + "client (Debian: apt-get install postgresql-client) and try again");
    }
}
