package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import dev.webtop.probe.ProbeReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Availability per target: uptime against the SLO, latency percentiles per phase, "
        + "incidents, certificate days left, where it is down now.",
        "Figures come from the hourly aggregates, which count every check (smart mode's merged rows "
            + "too) and are kept a year; the period starts on the hour.",
        "--json prints one object per target. Exits 1 when a target misses the SLO."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop probe report",
        "  ./webtop probe report --since 7d --slo 99.5",
        "  ./webtop probe report --target https://example.com --json",
        "  ./webtop probe report --csv > availability.csv"})
public final class ProbeReportCommand extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "30d",
        description = "The period, back from now (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--target", paramLabel = "URL", description = "Only this target.")
    String target;

    @Option(names = "--location", paramLabel = "NAME", description = "Only checks from this location.")
    String location;

    @Option(names = "--slo", paramLabel = "PERCENT", defaultValue = "99.9",
        description = "The uptime objective in percent (default: ${DEFAULT-VALUE}).")
    double slo;

    @Option(names = "--exclude-maintenance", description = "Leave checks made while the target's alerts were "
        + "silenced (webtop alert silence, maintenance windows) out of the checks and the uptime.")
    boolean excludeMaintenance;

    @Mixin
    TableOutput output;

    @Override
    protected int execute() {
        if (!(slo > 0 && slo <= 100)) {
            throw WebtopException.badInput("--slo must be a percentage above 0 and at most 100, like 99.9");
        }
        output.check();
        Instant from = Instant.now().minus(Durations.parse("--since", since));
        List<ProbeReport.Row> rows = ProbeReport.read(db.target(environment()),
            from, target, location, slo, excludeMaintenance);
        if (output.json) {
            rows.forEach(row -> out().println(Json.write(row)));
        } else if (output.csv) {
            out().println("target,checks,uptime_percent,slo_met,p50_total_ms,p95_total_ms,p99_total_ms,p95_dns_ms,"
                + "p95_connect_ms,p95_tls_ms,p95_ttfb_ms,p95_transfer_ms,incidents,cert_days_left,down_at");
            for (ProbeReport.Row r : rows) {
                out().println(String.join(",", quote(r.target()), String.valueOf(r.checks()),
                    format(r.uptimePercent()), String.valueOf(r.sloMet()), format(r.p50TotalMs()),
                    format(r.p95TotalMs()), format(r.p99TotalMs()), format(r.p95DnsMs()), format(r.p95ConnectMs()),
                    format(r.p95TlsMs()), format(r.p95TtfbMs()), format(r.p95TransferMs()), String.valueOf(r.incidents()),
                    r.certDaysLeft() == null ? "" : String.valueOf(r.certDaysLeft()),
                    r.downAt() == null ? "" : quote(r.downAt())));
            }
        } else {
            printTable(rows);
        }
        return rows.stream().allMatch(ProbeReport.Row::sloMet) ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
    }

    private void printTable(List<ProbeReport.Row> rows) {
        String format = "%-40s %7s %9s %6s %8s %8s %8s %8s %8s %9s %5s%n";
        out().printf(format, "TARGET", "CHECKS", "UPTIME", "SLO", "P50 MS", "P95 MS", "P99 MS", "TTFB95", "INCID.",
            "CERT DAYS", "DOWN");
        for (ProbeReport.Row r : rows) {
            out().printf(format, r.target(), r.checks(), String.format(Locale.ROOT, "%.3f%%", r.uptimePercent()),
                r.sloMet() ? "met" : "MISSED", format(r.p50TotalMs()), format(r.p95TotalMs()), format(r.p99TotalMs()),
                format(r.p95TtfbMs()),
                r.incidents(), r.certDaysLeft() == null ? "-" : r.certDaysLeft(), r.downAt() == null ? "-" : r.downAt());
        }
        if (rows.isEmpty()) {
            out().println("no probe results in the period: run ./webtop probe URL first");
        }
    }

    private static String format(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
