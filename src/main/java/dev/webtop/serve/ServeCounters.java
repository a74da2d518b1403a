package dev.webtop.serve;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What the service did, counted since it started and since the last minute line: requests,
 * events stored, commits and the slowest of them, requests refused by reason.
 */
final class ServeCounters {
    private final Histogram commitSeconds = Histogram.builder()
        .name("webtop_serve_commit_duration_seconds").unit(Unit.SECONDS)
        .help("How long each commit of a batch of events took, from its first row sent to the commit's answer.")
        .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
        .build();
    private final LongAdder requests = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final AtomicLong slowestCommitNanos = new AtomicLong();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private long[] atLastLine = new long[3];
    private Map<String, Long> refusedAtLastLine = Map.of();

    void request() {
        requests.increment();
    }

    void committed(long rows, long nanos) {
        stored.add(rows);
        commits.increment();
        slowestCommitNanos.accumulateAndGet(nanos, Math::max);
        commitSeconds.observe(nanos / 1e9);
    }

    Histogram commitSeconds() {
        return commitSeconds;
    }

    long requests() {
        return requests.sum();
    }

    Map<String, Long> refusedByReason() {
        return totals(refused);
    }

    Map<String, Long> skippedByReason() {
        return totals(skipped);
    }

    /** A request answered with an error, by a short reason such as bad_input or database_away. */
    void refused(String reason) {
        refused.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Events left out of an accepted request, by the reason the answer names. */
    void skipped(Map<String, Long> reasons) {
        reasons.forEach((reason, n) -> skipped.computeIfAbsent(reason, r -> new LongAdder()).add(n));
    }

    long storedEvents() {
        return stored.sum();
    }

    /** The line for the last minute, e.g. "120 requests, 4,800 events stored in 590 commits ...". */
    synchronized String minuteLine(long queued) {
        long[] now = {requests.sum(), stored.sum(), commits.sum()};
        Map<String, Long> refusedNow = totals(refused);
        Map<String, Long> refusedDelta = new TreeMap<>();
        refusedNow.forEach((reason, n) -> {
            long delta = n - refusedAtLastLine.getOrDefault(reason, 0L);
            if (delta > 0) {
                refusedDelta.put(reason, delta);
            }
        });
        long slowest = slowestCommitNanos.getAndSet(0) / 1_000_000;
        String line = String.format(Locale.ROOT, "last minute: %,d requests, %,d events stored in %,d commits "
                + "(slowest %d ms), %,d refused%s, %,d waiting; since start %,d events stored",
            now[0] - atLastLine[0], now[1] - atLastLine[1], now[2] - atLastLine[2], slowest,
            refusedDelta.values().stream().mapToLong(Long::longValue).sum(),
            refusedDelta.isEmpty() ? "" : " (" + refusedDelta.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")",
            queued, now[1]);
        atLastLine = now;
        refusedAtLastLine = refusedNow;
        return line;
    }

    private static Map<String, Long> totals(Map<String, LongAdder> counts) {
        Map<String, Long> totals = new TreeMap<>();
        counts.forEach((key, adder) -> totals.put(key, adder.sum()));
        return totals;
    }
}
