package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.ingest.DnsIngest;
import dev.webtop.ingest.DnsInput;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dns", mixinStandardHelpOptions = true,
    description = {"Store the domains queried on this network (A, AAAA and HTTPS questions seen by tcpdump on "
        + "UDP port 53) in logs, with source dns; reverse lookups and a question seen twice within a "
        + "second are left out. Ctrl-C or SIGTERM stops tcpdump and stores the last batch.",
        "Capturing needs root or CAP_NET_RAW; without them, --from-file reads tcpdump's saved text "
            + "output (tcpdump -l -n -tt ... > file), or - for stdin."},
    footerHeading = "%nExamples:%n",
    footer = {"  sudo ./webtop ingest dns", "  ./webtop ingest dns --interface eth0",
        "  tcpdump -l -n -tt -i any udp dst port 53 | ./webtop ingest dns --from-file -"})
final class IngestDns extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Option(names = "--interface", paramLabel = "NAME", defaultValue = "any", description = "Where to listen (default: ${DEFAULT-VALUE}).")
    String networkInterface;

    @Option(names = "--from-file", paramLabel = "FILE", description = "tcpdump's text output instead of capturing (- for stdin).")
    String fromFile;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500", description = "Rows per commit at most (default: ${DEFAULT-VALUE}); a batch waits 1 s at most.")
    int batchSize;

    @Override
    protected int execute() throws Exception {
        if (batchSize < 1 || batchSize > 100_000) {
            throw WebtopException.badInput("--batch-size must be from 1 to 100000");
        }
        DnsIngest ingest = new DnsIngest(db.target(environment()), batchSize);
        DnsInput input = fromFile == null ? DnsInput.capture(networkInterface) : DnsInput.saved(fromFile);
        long stored;
        try (StopOnSignal signal = new StopOnSignal(() -> {
            ingest.stop();
            input.interrupt();
        })) {
            stored = ingest.run(input.lines());
            String dropped = input.finish();
            out().printf(Locale.ROOT, "%,d queries stored (%,d duplicates left out)%s%n", stored, ingest.duplicates(),
                dropped == null ? "" : "; tcpdump: " + dropped);
            out().flush();
        }
        return input.failed() && stored == 0 ? ExitCode.FAILURE : ExitCode.OK;
    }
}
