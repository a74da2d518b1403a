package dev.webtop.probe;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * `webtop probe`: checks its targets and stores every result, once (from cron) or pass after
 * pass until stopped. Results that cannot reach the database wait in the spool, and the next
 * pass or run that reaches it stores them, exactly once.
 */
public final class ProbeRun {
    private final HttpProber prober;
    private final List<ProbeTarget> targets;
    private final Supplier<ResultStore> stores;
    private final ProbeSpool spool;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean alertsWaiting;

    /**
     * stores: where each pass stores its results (the database, or Kafka), or null to store
     * nothing; spool: where results wait while the store cannot be reached.
     */
    public ProbeRun(HttpProber prober, List<ProbeTarget> targets, Supplier<ResultStore> stores, Path spool) {
        this.prober = prober;
        this.targets = List.copyOf(targets);
        this.stores = stores;
        this.spool = new ProbeSpool(spool);
    }

    /** Where checks run from when no --location is given: this host's name. */
    public static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /**
     * One pass: checks every target, shows the results, then stores them with what the spool
     * holds. 0 when every check was healthy, 1 otherwise; exit 3 is thrown when the database
     * could not be reached and the results were spooled.
     */
    public int once(Consumer<List<ProbeResult>> show) {
        try (ResultStore store = stores == null ? null : stores.get()) {
            // the login (in the background) and the warm-up are done before any timed check, so
            // that neither is counted in the first check's times
            prober.warmUp();
            if (store != null) {
                store.connected();
            }
            List<ProbeResult> results = prober.check(targets);
            show.accept(results);
            if (store != null) {
                store(store, results);
            }
            return results.stream().allMatch(r -> r.outcome().healthy()) ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
        }
    }

    /**
     * Passes `pause` apart (±10 %, so that probes started together drift apart) until stop(),
     * which lets the pass under way finish and be stored. A database away for a while is waited
     * out: each pass that could not store says so through `warnings`. Returns the last pass's
     * exit code.
     */
    public int every(Duration pause, Consumer<List<ProbeResult>> show, Consumer<String> warnings) {
        int exitCode = ExitCode.OK;
        try {
            do {
                try {
                    exitCode = once(show);
                } catch (WebtopException e) {
                    if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
                        throw e;
                    }
                    warnings.accept(e.getMessage());
                    exitCode = ExitCode.DB_UNREACHABLE;
                }
            } while (!stopped.await(pause.toMillis() + jitter(pause), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exitCode;
    }

    /** Whether the last pass's store left alert messages to send (none when nothing was stored). */
    public boolean alertsWaiting() {
        return alertsWaiting;
    }

    /** Ends every() after the pass under way. */
    public void stop() {
        stopped.countDown();
    }

    private static long jitter(Duration pause) {
        return (long) (pause.toMillis() * 0.1 * (2 * ThreadLocalRandom.current().nextDouble() - 1));
    }

    /**
     * Stores this pass's results with any left by runs that could not reach the database; when
     * this one cannot either, its results join the spool and exit 3 is thrown.
     */
    private void store(ResultStore store, List<ProbeResult> results) {
        List<ProbeSpool.Claimed> spooled = spool.claim();
        try {
            alertsWaiting = store.store(results, spooled);
        } catch (WebtopException e) {
            spool.release(spooled);
            if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
                throw e;
            }
            Path file = spool.write(results);
            throw new WebtopException(ExitCode.DB_UNREACHABLE, e.getMessage() + "; the " + results.size()
                + " results are kept in " + file + " and stored by the next run that gets through", e);
        }
        spool.delete(spooled);
    }
}
