package dev.webtop.cli;

import dev.webtop.base.WebtopException;
import picocli.CommandLine.Option;

/** The output of a command that prints a table: the table, --json or --csv. */
final class TableOutput extends JsonOutput {
    @Option(names = "--csv", description = "Comma-separated values with a header line.")
    boolean csv;

    /** Refuses both at once (exit 2). */
    void check() {
        if (json && csv) {
            throw WebtopException.badInput("give --json or --csv, not both");
        }
    }
}
