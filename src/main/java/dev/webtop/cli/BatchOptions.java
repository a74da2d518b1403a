package dev.webtop.cli;

import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** How a bulk writer commits and reports: rows per commit, and a progress line's period. */
final class BatchOptions {
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "50000",
        description = "Rows per COPY and commit at most (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--reporting-period", paramLabel = "DURATION", defaultValue = "10s",
        description = "Without a terminal, a progress line this often (default: ${DEFAULT-VALUE}).")
    String reportingPeriod;

    /** --batch-size, checked (exit 2 outside 1 to 1,000,000). */
    int batchSize() {
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw WebtopException.badInput("--batch-size must be from 1 to 1000000");
        }
        return batchSize;
    }

    /**
     * The progress line of a command's run on its stderr: redrawn on a terminal (unless the
     * output is JSON), a plain line each --reporting-period otherwise.
     */
    ProgressLine progress(WebtopCommand command, String label, boolean kafka, boolean json, LongSupplier committed,
                          long expectedRows, Supplier<String> extra) {
        return new ProgressLine(command.err(), label, kafka ? "acknowledged by Kafka" : "committed", command.terminal() && !json,
            Durations.parse("--reporting-period", reportingPeriod).toMillis(), committed, expectedRows, extra);
    }
}
