package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.db.Pipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reset", mixinStandardHelpOptions = true,
    description = {"Delete all traffic and start the pipeline over.",
        "Removes every webtop job (traffic patterns included), deletes page views, aggregates, "
            + "candidates, elections and statistics, then schedules the core jobs again and lists "
            + "them. Settings are kept; nothing that is not webtop's is touched."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop reset", "  ./webtop reset --yes      (scripts: no question asked)"})
public final class Reset extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected int execute() throws IOException {
        DbTarget target = db.target(environment());
        if (!yes && !confirmed(target)) {
            err().println("webtop: reset cancelled; nothing was changed");
            return ExitCode.BAD_INPUT;
        }
        out().println("Reset " + target.maskedUrl() + "; the jobs now:");
        JobTable.print(new Pipeline(target).reset(), out());
        return ExitCode.OK;
    }

    private boolean confirmed(DbTarget target) throws IOException {
        if (System.console() == null) {
            throw WebtopException.badInput("reset deletes all traffic data and needs confirmation: "
                + "run it in a terminal, or pass --yes");
        }
        out().printf("This deletes all traffic, aggregates, candidates and elections in %s "
            + "and removes every traffic pattern. Type yes to go on: ", target.maskedUrl());
        out().flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            .readLine();
        return answer != null && answer.strip().equalsIgnoreCase("yes");
    }
}
