package dev.webtop.cli;

import dev.webtop.base.ExitCode;
import dev.webtop.base.Json;
import dev.webtop.base.WebtopException;
import dev.webtop.config.Durations;
import dev.webtop.config.WebtopConfig;
import dev.webtop.probe.HttpProber;
import dev.webtop.probe.ProbeResult;
import dev.webtop.probe.ProbeSpool;
import dev.webtop.probe.ProbeStore;
import dev.webtop.probe.ProbeTarget;
import dev.webtop.probe.StatusSet;
import dev.webtop.probe.TargetCatalog;
import dev.webtop.probe.TargetList;
import dev.webtop.runtime.DatabaseRuntime;
import dev.webtop.runtime.Runtimes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
            + "only failures are printed (on stderr), unless --json."},
    footerHeading = "%nExamples:%n",
    footer = {"  ./webtop probe https://example.com",
        "  ./webtop probe https://a.example 'https://b.example <svg\\s+'",
        "  ./webtop probe --file targets.txt --max-latency 800ms",
        "  ./webtop probe --every 30s --file targets.txt",
        "  ./webtop probe add https://example.com && ./webtop probe     (checks the kept targets)",
        "  */5 * * * * cd /opt/webtop && ./webtop probe --file targets.txt",
        "  ./webtop probe --json --no-store https://example.com | jq .outcome"})
public final class Probe extends WebtopCommand {
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

    @Option(names = "--json", description = "Print every result as a JSON line.")
    boolean json;

    @Option(names = "--no-store", description = "Only print; store nothing.")
    boolean noStore;

    @Option(names = "--smart", description = "Keep a run of ok checks of a target as one row (first time, "
        + "last time, count); the hourly and daily aggregates still count every check.")
    boolean smart;

    private DatabaseRuntime runtime;

    @Override
    protected int execute() {
        Duration limit = Durations.parse("--timeout", timeout);
        if (limit.isZero()) {
            throw WebtopException.badInput("--timeout must be more than 0, like 10s");
        }
        if (concurrency < 1 || concurrency > 5000) {
            throw WebtopException.badInput("--concurrency must be from 1 to 5000, not " + concurrency);
        }
        TargetList list = new TargetList(StatusSet.parse(expectStatus), match, noMatch,
            maxLatency == null ? null : Durations.parse("--max-latency", maxLatency)).minCertDays(minCertDays);
        if (minCertDays != null && minCertDays < 0) {
            throw WebtopException.badInput("--min-cert-days cannot be negative");
        }
        for (int i = 0; i < arguments.size(); i++) {
            list.addArgument(arguments.get(i), i + 1);
        }
        files.forEach(list::addFile);
        WebtopConfig config = db.config(environment());
        List<ProbeTarget> targets = list.targets();
        if (targets.isEmpty()) {
            targets = new TargetCatalog(runtime(config).target()).list();
        }
        if (targets.isEmpty()) {
            throw WebtopException.badInput("no targets: give URLs, --file FILE, or keep some with ./webtop probe add URL");
        }
        HttpProber prober = new HttpProber(limit, concurrency, HttpProber.DEFAULT_BODY_CAP,
            location == null ? hostName() : location);
        if (every == null) {
            return checkAndStore(prober, targets, config);
        }
        Duration pause = Durations.parse("--every", every);
        if (pause.compareTo(Duration.ofSeconds(1)) < 0) {
            throw WebtopException.badInput("--every must be at least 1s, like 30s");
        }
        return loop(prober, targets, config, pause);
    }

    /**
     * Runs until Ctrl-C or SIGTERM, which let the pass under way finish and be stored; a database
     * away for a while is waited out, not fatal.
     */
    private int loop(HttpProber prober, List<ProbeTarget> targets, WebtopConfig config, Duration pause) {
        CountDownLatch stop = new CountDownLatch(1);
        int exitCode = ExitCode.OK;
        try (StopOnSignal signal = new StopOnSignal(stop::countDown)) {
            do {
                try {
                    exitCode = checkAndStore(prober, targets, config);
                } catch (WebtopException e) {
                    if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
                        throw e;
                    }
                    warn(e.getMessage());
                    exitCode = ExitCode.DB_UNREACHABLE;
                }
            } while (!stop.await(pause.toMillis() + jitter(pause), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exitCode;
    }

    /** ±10 % of the pause, so that many probes started together drift apart. */
    private static long jitter(Duration pause) {
        return (long) (pause.toMillis() * 0.1 * (2 * ThreadLocalRandom.current().nextDouble() - 1));
    }

    /** Chosen once per run (it may ask Docker), on first need: the store asks while checks run. */
    private synchronized DatabaseRuntime runtime(WebtopConfig config) {
        if (runtime == null) {
            runtime = Runtimes.select(config);
        }
        return runtime;
    }

    private int checkAndStore(HttpProber prober, List<ProbeTarget> targets, WebtopConfig config) {
        try (ProbeStore store = noStore ? null : new ProbeStore(() -> runtime(config).target(), smart)) {
            List<ProbeResult> results = prober.check(targets);
            for (ProbeResult result : results) {
                if (json) {
                    out().println(Json.write(result));
                }
                if (!result.outcome().healthy()) {
                    err().println(failureLine(result));
                }
            }
            out().flush();
            err().flush();
            if (store != null) {
                store(store, new ProbeSpool(config.home().resolve("probe-spool")), results);
            }
            return results.stream().allMatch(r -> r.outcome().healthy()) ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
        }
    }

    /**
     * Stores this run's results with any left by runs that could not reach the database; when
     * this run cannot either, its results join the spool and the exit code is 3.
     */
    private void store(ProbeStore store, ProbeSpool spool, List<ProbeResult> results) {
        List<ProbeSpool.Claimed> spooled = spool.claim();
        try {
            store.store(results, spooled);
        } catch (WebtopException e) {
            spool.release(spooled);
            if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
                throw e;
            }
            Path file = spool.write(results);
            throw new WebtopException(ExitCode.DB_UNREACHABLE, e.getMessage() + "; the " + results.size()
                + " results are kept in " + file + " and stored by the next run that reaches the database", e);
        }
        spool.delete(spooled);
    }

    private static String failureLine(ProbeResult result) {
        return String.format(Locale.ROOT, "%s %s %.0fms %s", result.outcome().label(), result.target(),
            result.totalMs(), result.detail() == null ? "" : result.detail()).strip();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
