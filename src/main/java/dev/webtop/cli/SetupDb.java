package dev.webtop.cli;

import dev.webtop.ExitCode;
import dev.webtop.config.WebtopConfig;
import dev.webtop.db.Setup;
import dev.webtop.runtime.Runtimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "setup-db", mixinStandardHelpOptions = true,
    description = {"Apply new and edited SQL from sql/ without restarting anything.",
        "Versioned files (V*) run once; repeatable files (R__*) run again whenever they change. "
            + "Concurrent runs are safe: they wait for each other."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop setup-db",
        "  ./webtop setup-db --db-url postgresql://postgres:secret@127.0.0.1:5432/website_tracker"})
public final class SetupDb extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Override
    protected int execute() {
        WebtopConfig config = db.config(environment());
        var target = Runtimes.select(config).target();
        SetupPrinter.print(Setup.apply(target, config.projectRoot()), out());
        return ExitCode.OK;
    }
}
