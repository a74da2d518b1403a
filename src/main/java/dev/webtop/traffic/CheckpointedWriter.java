package dev.webtop.traffic;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A writer for inputs read with a checkpoint: each batch of rows is committed together with the
 * checkpoint after it, so a restart resumes exactly where the last commit left off. While
 * following, a database that goes away is waited for and the batch written again once it is
 * back, unless its checkpoint shows that the first commit landed before the connection broke.
 */
public final class CheckpointedWriter implements CheckpointedSink {
    private static final long RECONNECT_MILLIS = 1000;
    /** A batch that fails right after every reconnect is not a passing outage. */
    private static final int FAILURES_AFTER_RECONNECT = 10;

    private final DbTarget target;
    private final boolean waitForDatabase;
    private final Consumer<String> notices;
    private final BooleanSupplier stopping;
    private volatile TrafficWriter writer;

    /**
     * waitForDatabase: wait out a lost connection instead of failing (for a follow); notices:
     * one-line messages for the user; stopping: true once the run should end, which ends a wait.
     */
    public CheckpointedWriter(DbTarget target, boolean waitForDatabase, Consumer<String> notices,
                              BooleanSupplier stopping) {
        this.target = target;
        this.waitForDatabase = waitForDatabase;
        this.notices = notices;
        this.stopping = stopping;
        this.writer = new TrafficWriter(target);
    }

    /** The installation's secret for hashing visitors. */
    @Override
    public String visitorSalt() {
        return writer.visitorSalt();
    }

    @Override
    public Retention retention() {
        return writer.retention();
    }

    /** Where the file was left, or null when it was never read. */
    @Override
    public Checkpoint.FilePosition filePosition(String file) {
        return writer.filePosition(file);
    }

    /** Commits a batch (possibly empty) and the checkpoint after it. */
    @Override
    public void commit(LogBatch batch, Checkpoint checkpoint) {
        int failuresAfterReconnect = 0;
        while (true) {
            try {
                if (failuresAfterReconnect == 0 || !writer.landed(checkpoint)) {
                    writer.write(LogSlice.all(batch), checkpoint);
                }
                return;
            } catch (WebtopException e) {
                if (!waitForDatabase || e.exitCode() != ExitCode.DB_UNREACHABLE
                    || ++failuresAfterReconnect > FAILURES_AFTER_RECONNECT) {
                    throw e;
                }
                reconnect(e);
            }
        }
    }

    /** Replaces the connection once the database answers again; gives up only when the run stops. */
    private void reconnect(WebtopException lost) {
        notices.accept(lost.getMessage() + "; following on and retrying every "
            + RECONNECT_MILLIS / 1000 + " s (nothing read is lost)");
        writer.close();
        while (true) {
            try {
                Thread.sleep(RECONNECT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw lost;
            }
            if (stopping.getAsBoolean()) {
                throw lost;
            }
            try {
                writer = new TrafficWriter(target);
                notices.accept("the database is back; writing from the last checkpoint on");
                return;
            } catch (WebtopException e) {
                if (e.exitCode() != ExitCode.DB_UNREACHABLE) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
