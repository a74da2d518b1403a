package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.runtime.Runtimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop the database that `start` brought up; its data is kept.",
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop stop", "  ./webtop stop --runtime local"})
public final class Stop extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Override
    protected int execute() {
        Runtimes.select(db.config(environment())).stop(progress());
        return ExitCode.OK;
    }
}
