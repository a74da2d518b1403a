package dev.webtop.generate;

import java.util.function.LongSupplier;

/**
 * Paces rows at a rate: each acquire reserves its tokens after those already reserved and waits
 * until their turn. Idle time does not pile up credit, so a pause is never followed by a burst
 * above the rate. The clock and the sleep are injectable, so tests need no real time.
 */
public final class TokenBucket {
    /** Sleeps for a number of nanoseconds. */
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double perSecond;
    private long next = Long.MIN_VALUE;

    public TokenBucket(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
        setRate(perSecond);
        this.clock = nanoClock;
        this.sleeper = sleeper;
    }

    public static TokenBucket realTime(double perSecond) {
        return new TokenBucket(perSecond, System::nanoTime,
            nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public synchronized void setRate(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a rate must be above 0, not " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** Waits until the tokens already reserved are due: a paced run lasts as long as its schedule. */
    public void awaitSchedule() throws InterruptedException {
        long wait;
        synchronized (this) {
            wait = next == Long.MIN_VALUE ? 0 : next - clock.getAsLong();
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }

    /** Waits until `tokens` may go. */
    public void acquire(long tokens) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            if (next == Long.MIN_VALUE || next < now) {
                next = now;
            }
            wait = next - now;
            next += (long) (tokens * 1e9 / perSecond);
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }
}
