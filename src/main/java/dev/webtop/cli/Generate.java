package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.generate.LoadPlan;
import dev.webtop.generate.LoadRun;
import dev.webtop.kafka.KafkaSettings;
import dev.webtop.kafka.TrafficPublisher;
import dev.webtop.traffic.PageViewBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write synthetic page views into logs at a chosen rate, or as fast as the database takes them.",
        "Events carry time, domain, path, user, session (30 minutes idle ends one), event type and status; "
            + "a fraction comes from bots, which are flagged (more than 10 page views by a user in one "
            + "second, or a crawler's user agent). Written with binary COPY by several connections; "
            + "the counts printed are committed rows. Ctrl-C commits what is being written and stops.",
        "--from-json FILE (or -) writes exactly the views of a file in the page-views batch format "
            + "{\"example.com/page\": {\"2025-07-16T10:00:00Z\": 5}} in one transaction."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop generate --preset medium --duration 60s",
        "  ./webtop generate --from 2026-11-01 --to 2026-11-02 --rate 50     (a day of history)",
        "  ./webtop generate --rate max --count 2000000 --workers 2",
        "  ./webtop generate --rate 500 --pattern growing --growth-rate 5 --duration 5m --bots 0.05",
        "  ./webtop generate --count 1000 --seed 42 --json",
        "  ./webtop generate --rate 5000 --duration 1m --kafka 127.0.0.1:9092   (for `webtop record` to store)",
        "  ./webtop generate --from-json views.json"})
public final class Generate extends WebtopCommand {
    @Mixin
    DbOptions db;

    @Mixin
    BatchOptions batch;

    @Mixin
    PatternOptions patternOptions;

    @Mixin
    JsonOutput output;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rate", paramLabel = "N|max", description = "Events per second, or max (default 1000).")
    String rate;

    @Option(names = "--preset", paramLabel = "NAME", description = "low, medium or high: 100, 1,000 or 10,000 events per second.")
    String preset;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Run this long, like 30s (default: until Ctrl-C).")
    String duration;

    @Option(names = "--count", paramLabel = "N", description = "Write exactly N events.")
    Long count;

    @Option(names = "--domains", paramLabel = "N", defaultValue = "50", description = "Domains (default: ${DEFAULT-VALUE}).")
    int domains;

    @Option(names = "--users", paramLabel = "N", defaultValue = "10000", description = "Users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--pages", paramLabel = "N", defaultValue = "50", description = "Pages per domain (default: ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--bots", paramLabel = "FRACTION", defaultValue = "0.02",
        description = "Share of events from bots, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double bots;

    @Option(names = "--pattern", paramLabel = "NAME", defaultValue = "steady",
        description = "steady, bursty, growing or declining (default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(names = "--seed", paramLabel = "S", description = "The same seed gives the same events (default: random, printed).")
    Long seed;

    @Option(names = "--workers", paramLabel = "N", description = "Connections writing at once (default: the cores here).")
    Integer workers;

    @Option(names = "--from", paramLabel = "TIME", description = "Backfill history from this time (a date is midnight UTC), "
        + "as fast as possible, --rate events a second on average with a daily shape.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Backfill up to this time (default: now).")
    String to;

    @Option(names = "--from-json", paramLabel = "FILE", description = "Write the page views of a file in the page-views batch format (- for stdin).")
    String fromJson;

    @Override
    protected int execute() throws Exception {
        if (fromJson != null) {
            return writeBatchFile();
        }
        LoadPlan plan = LoadPlan.of(new LoadPlan.Request(rate, preset, duration, count, domains, users, pages, bots,
            patternOptions.shape(pattern), seed, workers, batch.batchSize(), from, to), Instant.now());
        KafkaSettings settings = kafka.settings();
        LoadRun run = settings == null ? new LoadRun(db.target(environment()), plan)
            : new LoadRun(() -> new TrafficPublisher(settings), plan);
        String retention = from == null || settings != null ? null : run.retention();   // history: said before it is written
        if (retention != null && !output.json) {
            err().println("webtop: " + retention);
        }
        try (StopOnSignal signal = new StopOnSignal(run::stop);
             ProgressLine progress = batch.progress(this, "generate", kafka.enabled(), output.json, run::committed,
                 plan.expectedRows(), () -> "")) {
            LoadRun.Summary summary;
            try {
                summary = run.run();
            } finally {
                progress.close();
            }
            printSummary(summary, plan, retention);
            return ExitCode.OK;
        } catch (WebtopException e) {
            if (run.started()) {
                err().println("webtop: " + run.committed() + " rows were committed before this");
            }
            throw e;
        }
    }

    private void printSummary(LoadRun.Summary summary, LoadPlan plan, String retention) {
        long requested = plan.requestedPerSecond();
        if (output.json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rows", summary.rows());
            fields.put("seconds", Math.round(summary.seconds() * 1000) / 1000.0);
            fields.put("rows_per_second", Math.round(summary.rowsPerSecond()));
            fields.put("requested_per_second", plan.paced() ? requested : null);
            fields.put("bots", summary.bots());
            fields.put("seed", plan.events().seed());
            fields.put("workers", plan.workers());
            fields.put("batch_size", plan.batchSize());
            fields.put("stopped", summary.stopped());
            fields.put("retention", retention);
            out().println(Json.write(fields));
        } else {
            out().printf(Locale.ROOT, "%,d rows %s in %.1f s: %,.0f rows/s%s; %,d flagged as bots; seed %d%s%n",
                summary.rows(), kafka.enabled() ? "acknowledged by Kafka" : "committed", summary.seconds(), summary.rowsPerSecond(),
                plan.paced() ? String.format(Locale.ROOT, " (requested %,d/s)", requested) : "",
                summary.bots(), plan.events().seed(), summary.stopped() ? " (stopped)" : "");
            if (retention != null) {
                out().println(retention);
            }
        }
        if (plan.paced() && plan.shape().steady() && !summary.stopped() && summary.rows() > 0
            && summary.rowsPerSecond() < 0.98 * requested) {
            warn(String.format(Locale.ROOT, "the database took %,.0f rows/s, below the requested %,d/s",
                summary.rowsPerSecond(), requested));
        }
    }

    private int writeBatchFile() {
        if (rate != null || preset != null || duration != null || count != null || kafka.enabled()) {
            throw WebtopException.badInput("--from-json writes exactly the file's views: it takes no --rate, --preset, --duration, --count or --kafka");
        }
        PageViewBatch views = fromJson.equals("-") ? PageViewBatch.read(System.in, "stdin")
            : PageViewBatch.read(Path.of(fromJson));
        DbTarget target = db.target(environment());
        long rows = views.write(target);
        if (output.json) {
            out().println(Json.write(Map.of("rows", rows, "pages", views.pages())));
        } else {
            out().printf(Locale.ROOT, "%,d page views of %,d pages written in one transaction%n", rows, views.pages());
        }
        return ExitCode.OK;
    }
}
