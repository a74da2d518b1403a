package dev.webtop.cli;

import dev.webtop.report.Period;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** --since, or --from and --to: the period a report looks at. */
final class PeriodOptions {
    @Option(names = "--since", paramLabel = "DURATION", description = "The period back from now, like 6h or 30d (the default is the report's own).")
    String since;

    @Option(names = "--from", paramLabel = "TIME", description = "The period's start instead: a date (midnight UTC) or a time with a zone, like 2026-11-01 or 2026-11-01T06:00:00Z.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "With --from, the period's end (default: now).")
    String to;

    Period period(Duration usual) {
        return Period.of(since, from, to, usual, Instant.now());
    }
}
