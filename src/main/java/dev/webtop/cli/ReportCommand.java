package dev.webtop.cli;

import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.Durations;
import dev.webtop.report.Result;
import dev.webtop.traffic.Source;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every report takes: the database, the output format and whether bots count. */
abstract class ReportCommand extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Mixin
    TableOutput output;

    @Option(names = "--include-bots", description = "Count bot rows too.")
    boolean includeBots;

    @Option(names = "--source", paramLabel = "SOURCE", completionCandidates = SourceCandidates.class,
        description = "Only rows from one source: ${COMPLETION-CANDIDATES} (raw-row reports).")
    String source;

    /** The --source filter, checked; null for every source. */
    String source() {
        return source == null ? null : Source.parse(source, "--source").label();
    }

    DbTarget target() {
        output.check();
        return db.target(environment());
    }

    void print(Result result) {
        if (output.json) {
            result.printJsonLines(out());
        } else if (output.csv) {
            result.printCsv(out());
        } else {
            result.printTable(out());
        }
    }

    static int positive(int value, String option) {
        if (value < 1) {
            throw WebtopException.badInput(option + " must be at least 1, not " + value);
        }
        return value;
    }

    static String interval(String text, String option) {
        Duration duration = Durations.parse(option, text);
        if (duration.isZero() || duration.isNegative()) {
            throw WebtopException.badInput(option + " must be more than 0, like 1h");
        }
        return duration.getSeconds() + " seconds";
    }
}
