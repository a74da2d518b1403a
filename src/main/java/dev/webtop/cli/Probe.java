package dev.webtop.cli;

import dev.webtop.alert.AlertDispatcher;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.Durations;
import dev.webtop.config.WebtopConfig;
import dev.webtop.probe.HttpProber;
import dev.webtop.probe.ProbeResult;
import dev.webtop.kafka.KafkaSettings;
import dev.webtop.kafka.ProbePublisher;
import dev.webtop.probe.ProbeRun;
import dev.webtop.probe.ProbeStore;
import dev.webtop.probe.ResultStore;
import dev.webtop.probe.StatusSet;
import dev.webtop.probe.TargetList;
import dev.webtop.runtime.Runtimes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "probe", mixinStandardHelpOptions = true,
    subcommands = {ProbeReportCommand.class, ProbeTargets.Add.class, ProbeTargets.Remove.class,
        ProbeTargets.ListTargets.class},
    description = {"Check websites' availability once, store every result, and exit 1 if any is not healthy.",
        "When the database cannot be reached the results wait in $WEBTOP_HOME/probe-spool (exit 3) "
            + "and the next run stores them, exactly once.",
        "Each target is `URL [regex]`: the regex must match the body. Every check opens a new "
            + "connection and times dns, connect, tls, first byte and transfer. Quiet for cron: "
            + "only failures are printed (on stderr); --json prints every result as a JSON line."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop probe https://example.com",
        "  ./webtop probe https://a.example 'https://b.example <svg\\s+'",
        "  ./webtop probe --file targets.txt --max-latency 800ms",
        "  ./webtop probe --every 30s --file targets.txt",
        "  ./webtop probe add https://example.com && ./webtop probe     (checks the kept targets)",
        "  */5 * * * * cd /opt/webtop && ./webtop probe --file targets.txt",
        "  ./webtop probe --json --no-store https://example.com | jq .outcome",
        "  ./webtop probe --every 30s --location fra1 --file targets.txt --kafka broker:9092   (an agent)"})
public final class Probe extends WebtopCommand {
    /** How often `probe --every` looks at the outbox, apart from its passes: retries do not wait for a pass. */
    private static final Duration ALERTS_EVERY = Duration.ofSeconds(1);

    @Mixin
    DbOptions db;

    @Parameters(paramLabel = "TARGET", description = "`URL [regex]`, quoted when it has a regex.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Read targets from FILE, one `URL [regex]` a line; # comments.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--expect-status", paramLabel = "CODES", defaultValue = "200-299",
        description = "Accepted statuses (default: ${DEFAULT-VALUE}), like 200-299,301.")
    String expectStatus;

    @Option(names = "--match", paramLabel = "REGEX", description = "The body must match (repeatable).")
    List<String> match = new ArrayList<>();

    @Option(names = "--no-match", paramLabel = "REGEX", description = "The body must not match (repeatable).")
    List<String> noMatch = new ArrayList<>();

    @Option(names = "--max-latency", paramLabel = "DURATION", description = "Slower than this is degraded, like 800ms.")
    String maxLatency;

    @Option(names = "--min-cert-days", paramLabel = "N",
        description = "HTTPS: fewer days left on the certificate is cert_expiring.")
    Integer minCertDays;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
        description = "The whole check's limit (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
        description = "Checks at once, 1 to 5000 (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--location", paramLabel = "NAME", description = "Where the checks run from (default: the host name).")
    String location;

    @Option(names = "--every", paramLabel = "DURATION",
        description = "Check again and again, this far apart (±10 %% jitter), until interrupted.")
    String every;

    @Mixin
    JsonOutput output;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--no-store", description = "Only print; store nothing.")
    boolean noStore;

    @Option(names = "--smart", description = "Keep a run of ok checks of a target as one row (first time, "
        + "last time, count); the hourly and daily aggregates still count every check.")
    boolean smart;

    @Override
    protected int execute() {
        Duration pause = every == null ? null : Durations.parse("--every", every);
        if (pause != null && pause.compareTo(Duration.ofSeconds(1)) < 0) {
            throw WebtopException.badInput("--every must be at least 1s, like 30s");
        }
        WebtopConfig config = db.config(environment());
        Supplier<DbTarget> database = Runtimes.onFirstUse(config);
        KafkaSettings publish = kafka.settings();
        Supplier<ResultStore> stores = noStore ? null
            : publish != null ? () -> new ProbePublisher(publish, smart) : () -> new ProbeStore(database, smart);
        ProbeRun run = new ProbeRun(prober(), targets().orKept(database), stores, config.home().resolve("probe-spool"));
        if (pause == null) {
            int exitCode = run.once(this::show);
            if (run.alertsWaiting()) {   // a cron run opens no second connection when nothing is to be sent
                try (AlertDispatcher alerts = new AlertDispatcher(database)) {
                    sendAlerts(alerts);
                }
            }
            return exitCode;
        }
        // with --kafka, alerts are sent where `record` stores the results
        try (AlertDispatcher alerts = noStore || publish != null ? null
                 : new AlertDispatcher(database).start(ALERTS_EVERY, this::warn);
             StopOnSignal signal = new StopOnSignal(run::stop)) {
            return run.every(pause, this::show, this::warn);
        }
    }

    /** Sends the alerts this run's results started or ended (and any others due); trouble is only told. */
    private void sendAlerts(AlertDispatcher alerts) {
        try {
            alerts.dispatch().problems().forEach(this::warn);
        } catch (WebtopException e) {
            warn("alerts wait for the next run: " + e.getMessage());
        }
    }

    private HttpProber prober() {
        Duration limit = Durations.parse("--timeout", timeout);
        if (limit.isZero()) {
            throw WebtopException.badInput("--timeout must be more than 0, like 10s");
        }
        if (concurrency < 1 || concurrency > 5000) {
            throw WebtopException.badInput("--concurrency must be from 1 to 5000, not " + concurrency);
        }
        return new HttpProber(limit, concurrency, HttpProber.DEFAULT_BODY_CAP,
            location == null ? ProbeRun.thisHost() : location);
    }

    /** The targets given as arguments and in files, each with the rules of the options. */
    private TargetList targets() {
        if (minCertDays != null && minCertDays < 0) {
            throw WebtopException.badInput("--min-cert-days cannot be negative");
        }
        TargetList list = new TargetList(StatusSet.parse(expectStatus), match, noMatch,
            maxLatency == null ? null : Durations.parse("--max-latency", maxLatency)).minCertDays(minCertDays);
        for (int i = 0; i < arguments.size(); i++) {
            list.addArgument(arguments.get(i), i + 1);
        }
        files.forEach(list::addFile);
        return list;
    }

    /** Every result as a JSON line with --json; failures on stderr in any case (quiet for cron). */
    private void show(List<ProbeResult> results) {
        for (ProbeResult result : results) {
            if (output.json) {
                out().println(Json.write(result));
            }
            if (!result.outcome().healthy()) {
                err().println(String.format(Locale.ROOT, "%s %s %.0fms %s", result.outcome().label(), result.target(),
                    result.totalMs(), result.detail() == null ? "" : result.detail()).strip());
            }
        }
        out().flush();
        err().flush();
    }
}
