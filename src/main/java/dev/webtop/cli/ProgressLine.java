package dev.webtop.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The run's progress on stderr: on a terminal a line redrawn five times a second, otherwise one
 * plain line per reporting period. Rows are committed rows; the rate is a 5-second average; the
 * ETA needs a known total (a count, or a duration at a paced rate).
 */
final class ProgressLine implements AutoCloseable {
    private record Sample(long nanos, long rows) {
    }

    private final PrintWriter err;
    private final String label;
    private final boolean live;
    private final long periodMillis;
    private final LongSupplier committed;
    private final String stored;   // what a counted row is: "committed", "acknowledged by Kafka"
    private final long expectedRows;
    private final long started = System.nanoTime();
    private final ArrayDeque<Sample> window = new ArrayDeque<>();
    private final Supplier<String> extra;
    private final Thread thread;
    private volatile boolean done;

    /**
     * label starts each plain line; stored says what a counted row is; expectedRows is -1 when the run has no known end; extra()
     * adds to the line (reject counts, say).
     */
    ProgressLine(PrintWriter err, String label, String stored, boolean live, long periodMillis, LongSupplier committed,
                 long expectedRows, Supplier<String> extra) {
        this.err = err;
        this.label = label;
        this.stored = stored;
        this.extra = extra;
        this.live = live;
        this.periodMillis = live ? 200 : periodMillis;
        this.committed = committed;
        this.expectedRows = expectedRows;
        window.addLast(new Sample(started, 0));
        this.thread = new Thread(this::report, "webtop-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void report() {
        while (!done) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (!done) {
                print();
            }
        }
    }

    private synchronized void print() {
        long now = System.nanoTime();
        long rows = committed.getAsLong();
        window.addLast(new Sample(now, rows));
        // keep the newest sample at least 5 s old (or the oldest there is) as the rate's base
        while (window.size() > 2 && now - secondOldest().nanos() >= 5_000_000_000L) {
            window.removeFirst();
        }
        Sample oldest = window.peekFirst();
        double span = (now - oldest.nanos()) / 1e9;
        double rate = span > 0 ? (rows - oldest.rows()) / span : 0;
        double elapsed = (now - started) / 1e9;
        String eta = expectedRows > 0 && rate > 0
            ? "  ETA " + clock(Math.max(0, (expectedRows - rows) / rate)) : "";
        String line = String.format(Locale.ROOT, "%,d rows %s  %,.0f rows/s (5 s)  %s elapsed%s%s",
            rows, stored, rate, clock(elapsed), eta, extra.get());
        if (live) {
            err.print("\r\033[K" + line);
        } else {
            err.println(label + ": " + line);
        }
        err.flush();
    }

    /** A line of its own between progress lines; a live line is redrawn by the next report. */
    synchronized void notice(String line) {
        err.println(live ? "\r\033[K" + line : line);
        err.flush();
    }

    private Sample secondOldest() {
        var samples = window.iterator();
        samples.next();
        return samples.next();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public synchronized void close() {
        done = true;
        thread.interrupt();
        if (live) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
