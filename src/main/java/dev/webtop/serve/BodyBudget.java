package dev.webtop.serve;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the service holds at once, reserved before a body is read and given
 * back once its request is answered: many large batches at once get 503 instead of filling the
 * heap (a body and what it parses to are held until their events are stored).
 */
final class BodyBudget {
    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Reserves `bytes`, or refuses (503) when that would pass the budget. */
    void reserve(long bytes) {
        long now = held.addAndGet(bytes);
        if (now > capacity && now != bytes) {   // one body alone always fits: its own limit bounds it
            held.addAndGet(-bytes);
            throw new Refusal("too many large requests at once (" + (now - bytes) / (1024 * 1024)
                + " MiB of bodies being stored); retry shortly", true);
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }
}
