package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.config.DbTarget;
import dev.webtop.config.WebtopConfig;
import dev.webtop.db.DatabaseSetup;
import dev.webtop.db.Pipeline;
import dev.webtop.runtime.DatabaseRuntime;
import dev.webtop.runtime.Runtimes;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "start", mixinStandardHelpOptions = true,
    description = {"Bring up TimescaleDB and apply webtop's SQL.",
        "Uses the configured database, else docker compose when a Docker engine answers, else a "
            + "private local cluster (provisioned once on Debian as root). Safe to run again: on a "
            + "running database it only re-applies the setup."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop start",
        "  ./webtop start --runtime local",
        "  ./webtop start --db-url postgresql://postgres:secret@db.example:5432/website_tracker"})
public final class Start extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Override
    protected int execute() {
        WebtopConfig config = db.config(environment());
        DatabaseRuntime runtime = Runtimes.select(config);
        bringUp(runtime, config, this);
        return ExitCode.OK;
    }

    static void bringUp(DatabaseRuntime runtime, WebtopConfig config, WebtopCommand command) {
        PrintWriter out = command.out();
        long started = System.nanoTime();
        out.println("Runtime: " + runtime.kind().label() + " (" + runtime.describe() + ")");
        DbTarget target = runtime.start(command.progress());
        SetupPrinter.print(DatabaseSetup.apply(target, config.projectRoot()), out);
        Pipeline.Started pipeline = new Pipeline(target).start();
        if (pipeline.initialRows() > 0) {
            out.printf("Initial data: %,d page views over the last 30 minutes%n", pipeline.initialRows());
        }
        out.printf("Core jobs: %d scheduled (%s)%n", pipeline.coreJobs(), pipeline.jobNames());
        out.printf("Ready in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, target.maskedUrl());
        out.println("Next: ./webtop setup (traffic patterns), ./webtop status, ./webtop psql");
    }
}
