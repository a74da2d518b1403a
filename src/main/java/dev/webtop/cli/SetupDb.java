package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.config.DbTarget;
import dev.webtop.config.WebtopConfig;
import dev.webtop.db.DatabaseSetup;
import dev.webtop.db.Pipeline;
import dev.webtop.runtime.Runtimes;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "setup-db", mixinStandardHelpOptions = true,
    description = {"Apply new and edited SQL from sql/ without restarting anything.",
        "Versioned files (V*) run once; repeatable files (R__*) run again whenever they change. "
            + "Concurrent runs are safe: they wait for each other."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop setup-db",
        "  ./webtop setup-db --set retention.raw='2 hours' --set election.top_n=20",
        "  ./webtop setup-db --db-url postgresql://postgres:secret@127.0.0.1:5432/website_tracker"})
public final class SetupDb extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Change a setting of the pipeline (table webtop_settings), e.g. "
            + "retention.raw=2h; applied to the scheduled jobs at once. Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    protected int execute() {
        WebtopConfig config = db.config(environment());
        DbTarget target = Runtimes.select(config).target();
        SetupPrinter.print(DatabaseSetup.apply(target, config.projectRoot()), out());
        if (!settings.isEmpty()) {
            new Pipeline(target).set(settings);
            settings.forEach((key, value) -> out().println("Set " + key + " = " + value));
        }
        return ExitCode.OK;
    }
}
