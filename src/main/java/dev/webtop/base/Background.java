package dev.webtop.base;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work started on a daemon thread of its own while the caller goes on, so that a short run (a cron
 * probe) overlaps its waits. Not on the common pool: on a 2-core machine that has one thread, and a
 * second task queued behind the database login waited for it.
 */
public final class Background {
    private Background() {
    }

    public static <T> CompletableFuture<T> supply(String name, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        });
    }
}
