package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.Durations;
import dev.webtop.db.Pipeline;
import dev.webtop.generate.EventGenerator;
import dev.webtop.generate.LoadProgress;
import dev.webtop.generate.LoadRun;
import dev.webtop.generate.PageViewBatch;
import dev.webtop.generate.RateShape;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write synthetic page views into logs at a chosen rate, or as fast as the database takes them.",
        "Events carry time, domain, path, user, session (30 minutes idle ends one), event type and status; "
            + "a fraction comes from bots, which are flagged (more than 10 page views by a user in one "
            + "second, or a crawler's user agent). Written with binary COPY by several connections; "
            + "the counts printed are committed rows. Ctrl-C commits what is being written and stops.",
        "--from-json FILE (or -) writes exactly the views of seed 001's batch format "
            + "{\"example.com/page\": {\"2025-07-16T10:00:00Z\": 5}} in one transaction."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop generate --preset medium --duration 60s",
        "  ./webtop generate --from 2026-11-01 --to 2026-11-02 --rate 50     (a day of history)",
        "  ./webtop generate --rate max --count 2000000 --workers 2",
        "  ./webtop generate --rate 500 --pattern growing --growth-rate 5 --duration 5m --bots 0.05",
        "  ./webtop generate --count 1000 --seed 42 --json",
        "  ./webtop generate --from-json views.json"})
public final class Generate extends WebtopCommand {
    /** Events per second of history when the rate is unlimited: the timestamps of a --rate max run. */
    static final int UNLIMITED_DENSITY = 10_000;

    @Mixin
    DbOptions db;

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

    @Option(names = "--growth-rate", paramLabel = "N", description = "growing/declining: events per second added or removed each second (default 10).")
    Double growthRate;

    @Option(names = "--cap", paramLabel = "N", description = "growing: at most this many events per second.")
    Long cap;

    @Option(names = "--burst-probability", paramLabel = "P", description = "bursty: chance that a second bursts (default 0.4).")
    Double burstProbability;

    @Option(names = "--burst-multiplier", paramLabel = "X", description = "bursty: a burst's factor (default 10).")
    Double burstMultiplier;

    @Option(names = "--seed", paramLabel = "S", description = "The same seed gives the same events (default: random, printed).")
    Long seed;

    @Option(names = "--workers", paramLabel = "N", description = "Connections writing at once (default: the cores here).")
    Integer workers;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "20000",
        description = "Rows per COPY at most (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--reporting-period", paramLabel = "DURATION", defaultValue = "10s",
        description = "Without a terminal, a progress line this often (default: ${DEFAULT-VALUE}).")
    String reportingPeriod;

    @Option(names = "--from", paramLabel = "TIME", description = "Backfill history from this time (a date is midnight UTC), "
        + "as fast as possible, --rate events a second on average with a daily shape.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Backfill up to this time (default: now).")
    String to;

    @Option(names = "--from-json", paramLabel = "FILE", description = "Write the page views of a batch file (- for stdin).")
    String fromJson;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    protected int execute() throws Exception {
        if (fromJson != null) {
            return writeBatchFile();
        }
        LoadRun.Plan plan = from != null || to != null ? backfillPlan() : plan();
        DbTarget target = db.target(environment());
        LoadRun run = new LoadRun(target, plan);
        long expected = plan.count() >= 0 ? plan.count() : plan.paced() && plan.seconds() >= 0
            ? expectedRows(plan) : -1;
        try (StopOnSignal signal = new StopOnSignal(run::stop);
             LoadProgress progress = new LoadProgress(err(), terminal() && !json,
                 Durations.parse("--reporting-period", reportingPeriod).toMillis(), run::committed, expected)) {
            LoadRun.Summary summary;
            try {
                summary = run.run();
            } catch (WebtopException e) {
                progress.close();
                if (run.started()) {
                    err().println("webtop: " + run.committed() + " rows were committed before this");
                }
                throw e;
            }
            progress.close();
            if (!plan.paced() && from != null) {
                // the history's raw rows are kept only retention.raw: the aggregates take it now
                new Pipeline(target).aggregate(Instant.ofEpochSecond(plan.firstSecond()),
                    Instant.ofEpochSecond(plan.firstSecond() + plan.seconds()));
            }
            printSummary(summary, plan);
            return ExitCode.OK;
        }
    }

    /** History: from --from to --to, unpaced, the daily shape around --rate (default 100 a second). */
    private LoadRun.Plan backfillPlan() {
        if (from == null) {
            throw WebtopException.badInput("--to goes with --from: give the start of the history, like --from 2026-11-01");
        }
        if (count != null || duration != null || (preset != null && rate != null) || !pattern.equals("steady")
            || "max".equalsIgnoreCase(rate)) {
            throw WebtopException.badInput("--from/--to take --rate N or --preset (events a second on average), "
                + "not --count, --duration, --pattern or --rate max");
        }
        long start = instant(from, "--from").getEpochSecond();
        long end = to == null ? Instant.now().getEpochSecond() : instant(to, "--to").getEpochSecond();
        if (end <= start || end > Instant.now().getEpochSecond() + 1) {
            throw WebtopException.badInput("--from must be before --to, and --to not in the future");
        }
        double perSecond = preset != null ? presetRate() : rate == null ? 100 : number(rate);
        int writers = writers();
        long chosenSeed = chosenSeed();
        return new LoadRun.Plan(new EventGenerator.Settings(domains, users, pages, bots, chosenSeed),
            RateShape.daily(perSecond, start), false, start, end - start, -1, writers, batchSize);
    }

    private static Instant instant(String text, String option) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw WebtopException.badInput(option + " '" + text + "' is not a date or a time with a zone, "
                + "like 2026-11-01 or 2026-11-01T06:00:00Z");
        }
    }

    private static long expectedRows(LoadRun.Plan plan) {
        long rows = 0;
        for (long s = 0; s < plan.seconds(); s++) {
            rows += plan.shape().perSecond(s);
        }
        return rows;
    }

    private LoadRun.Plan plan() {
        if (rate != null && preset != null) {
            throw WebtopException.badInput("give --rate or --preset, not both");
        }
        boolean unlimited = rate != null && rate.equalsIgnoreCase("max");
        double perSecond = unlimited ? UNLIMITED_DENSITY : preset != null ? presetRate() : rate != null ? number(rate) : 1000;
        if (duration != null && count != null) {
            throw WebtopException.badInput("give --duration or --count, not both");
        }
        if (count != null && count < 0) {
            throw WebtopException.badInput("--count cannot be negative");
        }
        long seconds = -1;
        if (duration != null) {
            Duration d = Durations.parse("--duration", duration);
            if (d.getSeconds() < 1) {
                throw WebtopException.badInput("--duration must be at least 1s, like 30s");
            }
            seconds = d.getSeconds();
        }
        if (unlimited && count == null) {
            throw WebtopException.badInput("--rate max needs --count N (the events are spread over the seconds "
                + "before now, " + UNLIMITED_DENSITY + " a second), or --from for history");
        }
        int writers = writers();
        long chosenSeed = chosenSeed();
        RateShape shape = shape(perSecond, chosenSeed);
        long now = Instant.now().getEpochSecond();
        long firstSecond = unlimited ? now - (count + UNLIMITED_DENSITY - 1) / UNLIMITED_DENSITY : now;
        return new LoadRun.Plan(new EventGenerator.Settings(domains, users, pages, bots, chosenSeed), shape,
            !unlimited, firstSecond, seconds, count == null ? -1 : count, writers, batchSize);
    }

    private double presetRate() {
        return switch (preset.toLowerCase(Locale.ROOT)) {
            case "low" -> 100;
            case "medium" -> 1000;
            case "high" -> 10_000;
            default -> throw WebtopException.badInput("--preset must be low, medium or high, not '" + preset + "'");
        };
    }

    private static double number(String rate) {
        double perSecond;
        try {
            perSecond = Double.parseDouble(rate);
        } catch (NumberFormatException e) {
            throw WebtopException.badInput("--rate must be a number of events per second or max, not '" + rate + "'");
        }
        if (!(perSecond > 0 && perSecond <= 1_000_000)) {
            throw WebtopException.badInput("--rate must be above 0 and at most 1000000, or max");
        }
        return perSecond;
    }

    /** Checks the sizes every plan shares and returns the number of writers. */
    private int writers() {
        if (domains < 1 || users < 1 || pages < 1) {
            throw WebtopException.badInput("--domains, --users and --pages must be at least 1");
        }
        if (!(bots >= 0 && bots <= 1)) {
            throw WebtopException.badInput("--bots must be a fraction from 0 to 1, like 0.02");
        }
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw WebtopException.badInput("--batch-size must be from 1 to 1000000");
        }
        int writers = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (writers < 1 || writers > 64) {
            throw WebtopException.badInput("--workers must be from 1 to 64");
        }
        return writers;
    }

    /** The given seed, or a random one, kept for the summary. */
    private long chosenSeed() {
        if (seed == null) {
            seed = ThreadLocalRandom.current().nextLong(1L << 40);
        }
        return seed;
    }

    private RateShape shape(double perSecond, long chosenSeed) {
        String name = pattern.toLowerCase(Locale.ROOT);
        boolean growth = name.equals("growing") || name.equals("declining");
        if (!name.equals("steady") && !name.equals("bursty") && !growth) {
            throw WebtopException.badInput("--pattern must be steady, bursty, growing or declining, not '" + pattern + "'");
        }
        if ((burstProbability != null || burstMultiplier != null) && !name.equals("bursty")) {
            throw WebtopException.badInput("--burst-probability and --burst-multiplier go with --pattern bursty");
        }
        if ((growthRate != null || cap != null) && !growth) {
            throw WebtopException.badInput("--growth-rate and --cap go with --pattern growing or declining");
        }
        double probability = burstProbability != null ? burstProbability : 0.4;
        double multiplier = burstMultiplier != null ? burstMultiplier : 10;
        if (!(probability >= 0 && probability <= 1) || !(multiplier >= 1)) {
            throw WebtopException.badInput("--burst-probability must be from 0 to 1 and --burst-multiplier at least 1");
        }
        double growthPerSecond = growthRate != null ? growthRate : 10;
        if (growthPerSecond < 0 || (cap != null && cap < 0)) {
            throw WebtopException.badInput("--growth-rate and --cap cannot be negative");
        }
        return new RateShape(name, perSecond, growthPerSecond, cap, probability, multiplier, chosenSeed, 0);
    }

    private void printSummary(LoadRun.Summary summary, LoadRun.Plan plan) {
        boolean belowRate = plan.paced() && plan.shape().pattern().equals("steady") && !summary.stopped()
            && summary.rows() > 0 && summary.rowsPerSecond() < 0.98 * plan.shape().perSecond(0);
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rows", summary.rows());
            fields.put("seconds", Math.round(summary.seconds() * 1000) / 1000.0);
            fields.put("rows_per_second", Math.round(summary.rowsPerSecond()));
            fields.put("requested_per_second", plan.paced() ? plan.shape().perSecond(0) : null);
            fields.put("bots", summary.bots());
            fields.put("seed", seed);
            fields.put("workers", plan.workers());
            fields.put("batch_size", plan.batchSize());
            fields.put("stopped", summary.stopped());
            out().println(Json.write(fields));
        } else {
            out().printf(Locale.ROOT, "%,d rows committed in %.1f s: %,.0f rows/s%s; %,d flagged as bots; seed %d%s%n",
                summary.rows(), summary.seconds(), summary.rowsPerSecond(),
                plan.paced() ? String.format(Locale.ROOT, " (requested %,d/s)", plan.shape().perSecond(0)) : "",
                summary.bots(), seed, summary.stopped() ? " (stopped)" : "");
        }
        if (belowRate) {
            err().printf(Locale.ROOT, "webtop: the database took %,.0f rows/s, below the requested %,d/s%n",
                summary.rowsPerSecond(), plan.shape().perSecond(0));
        }
        out().flush();
        err().flush();
    }

    private int writeBatchFile() {
        if (rate != null || preset != null || duration != null || count != null) {
            throw WebtopException.badInput("--from-json writes exactly the file's views: it takes no --rate, --preset, --duration or --count");
        }
        PageViewBatch batch = fromJson.equals("-") ? PageViewBatch.read(System.in, "stdin")
            : PageViewBatch.read(Path.of(fromJson));
        DbTarget target = db.target(environment());
        long rows = batch.write(target);
        if (json) {
            out().println(Json.write(Map.of("rows", rows, "pages", batch.pages())));
        } else {
            out().printf(Locale.ROOT, "%,d page views of %,d pages written in one transaction%n", rows, batch.pages());
        }
        return ExitCode.OK;
    }
}
