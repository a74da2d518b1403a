package dev.webtop.support;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;

/** Polls until something the database's schedulers do has happened, or fails saying what. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Returns at once unless the clock is within `margin` of the next minute, else just after the
     * minute turns: for checks of the minute under way that must not straddle two minutes.
     */
    public static void clearOfMinuteEnd(Duration margin) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        long toNextMinute = 60_000 - (now.getSecond() * 1000L + now.getNano() / 1_000_000);
        if (toNextMinute < margin.toMillis()) {
            try {
                Thread.sleep(toNextMinute + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
