package dev.webtop.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM during a long run: asks the run to stop, then holds the JVM's shutdown until
 * the command has committed what was in flight and printed its summary (close()), at most 30 s.
 */
final class StopOnSignal implements AutoCloseable {
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;

    StopOnSignal(Runnable stop) {
        hook = new Thread(() -> {
            stop.run();
            try {
                reported.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "webtop-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running and may go on
        }
    }
}
