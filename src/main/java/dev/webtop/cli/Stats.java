package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.report.Period;
import dev.webtop.report.Query;
import dev.webtop.report.Result;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
    description = {"Traffic statistics per domain: spread, trend and anomalous hours.",
        "Over the complete hours of a period (the last day unless --since or --from/--to), from page views "
        + "per hour (page_hourly, kept retention.page_hourly; both editions, no extension needed): total, mean and standard deviation per hour, "
        + "95th percentile, maximum, volatility (stddev / mean), the trend (least squares, views per hour "
        + "per hour) with its r2, and the anomalies: hours whose z-score is above --threshold.",
        "Page views by people; --include-bots counts bots too. An hour without traffic counts as 0, from a "
            + "domain's first hour with views in the period on."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop stats", "  ./webtop stats --since 3d --threshold 3 --domain example.com --json",
        "  ./webtop stats --from 2026-10-01 --to 2026-11-01 --domain example.com"})
public final class Stats extends ReportCommand {
    @Mixin
    PeriodOptions period;

    @Option(names = "--threshold", paramLabel = "Z", defaultValue = "2", description = "z-score above which an hour is an anomaly (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this domain.")
    String domain;

    @Override
    protected int execute() {
        Period p = period.period(Duration.ofDays(1));
        if (p.length().compareTo(Duration.ofHours(2)) < 0) {
            throw WebtopException.badInput("the period must cover at least 2 hours, like --since 1d or --from 2026-11-01");
        }
        if (source != null) {
            throw WebtopException.badInput("--source goes with the reports over raw rows; stats reads the aggregates, "
                + "which count every source");
        }
        if (!(threshold > 0)) {
            throw WebtopException.badInput("--threshold must be above 0, like 2");
        }
        Result result = Query.run(target(), "stats", p.from().toString(), p.to().toString(), threshold, domain,
            includeBots);
        print(result);
        if (result.rows().isEmpty() && !output.json && !output.csv) {
            out().println("no traffic in the period");
        }
        return ExitCode.OK;
    }
}
