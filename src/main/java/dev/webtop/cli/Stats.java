package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import dev.webtop.report.Query;
import dev.webtop.report.Result;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
    description = {"Traffic statistics per domain: spread, trend and anomalous hours.",
        "Over the complete hours of a period, from the 10-minute "
        + "aggregates (both editions, no extension needed): total, mean and standard deviation per hour, "
        + "95th percentile, maximum, volatility (stddev / mean), the trend (least squares, views per hour "
        + "per hour) with its r2, and the anomalies: hours whose z-score is above --threshold.",
        "Page views by people; --include-bots counts bots too. An hour without traffic counts as 0."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop stats", "  ./webtop stats --since 3d --threshold 3 --domain example.com --json"})
public final class Stats extends ReportCommand {
    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "1d", description = "The period back from now (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--threshold", paramLabel = "Z", defaultValue = "2", description = "z-score above which an hour is an anomaly (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this domain.")
    String domain;

    @Override
    protected int execute() {
        Duration period = Durations.parse("--since", since);
        if (period.compareTo(Duration.ofHours(2)) < 0) {
            throw WebtopException.badInput("--since must cover at least 2 hours, like 1d");
        }
        if (source != null) {
            throw WebtopException.badInput("--source goes with the reports over raw rows; stats reads the aggregates, "
                + "which count every source");
        }
        if (!(threshold > 0)) {
            throw WebtopException.badInput("--threshold must be above 0, like 2");
        }
        Result result = Query.run(target(), "stats", period.getSeconds() + " seconds", threshold, domain, includeBots);
        print(result);
        if (result.rows().isEmpty() && !output.json && !output.csv) {
            out().println("no traffic in the period");
        }
        return ExitCode.OK;
    }
}
