package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.config.WebtopConfig;
import dev.webtop.runtime.DatabaseRuntime;
import dev.webtop.runtime.Runtimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "restart", mixinStandardHelpOptions = true,
    description = "Stop and start the database, then re-apply webtop's SQL.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop restart"})
public final class Restart extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Override
    protected int execute() {
        WebtopConfig config = db.config(environment());
        DatabaseRuntime runtime = Runtimes.select(config);
        runtime.stop(progress());
        Start.bringUp(runtime, config, this);
        return ExitCode.OK;
    }
}
