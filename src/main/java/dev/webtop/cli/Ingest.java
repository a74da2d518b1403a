package dev.webtop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `webtop ingest ...`: real traffic into logs. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Read real traffic into logs: web server access logs, and the domains queried on this network.",
    subcommands = {IngestAccessLog.class, IngestDns.class})
public final class Ingest implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a source: access-log or dns");
    }
}
