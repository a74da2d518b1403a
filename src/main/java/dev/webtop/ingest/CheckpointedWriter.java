package dev.webtop.ingest;

import dev.webtop.base.ExitCode;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.generate.LogBatch;
import dev.webtop.generate.LogSlice;
import dev.webtop.generate.LogWriter;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The ingest's connection: each batch of rows is committed together with its file's checkpoint
 * (identity and byte position), so a restart resumes exactly where the last commit left off.
 * While following, a database that goes away is waited for and the batch written again once it
 * is back, unless its checkpoint shows that the first commit landed before the connection broke.
 */
final class CheckpointedWriter implements AutoCloseable {
    private static final long RECONNECT_MILLIS = 1000;
    /** A batch that fails right after every reconnect is not a passing outage. */
    private static final int FAILURES_AFTER_RECONNECT = 10;
    private static final String SAVE = "INSERT INTO ingest_checkpoints (source, file_key, position, lines) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET file_key = EXCLUDED.file_key, "
        + "position = EXCLUDED.position, lines = ingest_checkpoints.lines + EXCLUDED.lines, updated_at = now()";

    /** Where a file was left: its identity and the bytes consumed. */
    record Checkpoint(String fileKey, long position) {
    }

    private final DbTarget target;
    private final boolean waitForDatabase;
    private final Consumer<String> notices;
    private final BooleanSupplier stopping;
    private volatile LogWriter writer;

    /**
     * waitForDatabase: wait out a lost connection instead of failing (for a follow); notices:
     * one-line messages for the user; stopping: true once the run should end, which ends a wait.
     */
    CheckpointedWriter(DbTarget target, boolean waitForDatabase, Consumer<String> notices, BooleanSupplier stopping) {
        this.target = target;
        this.waitForDatabase = waitForDatabase;
        this.notices = notices;
        this.stopping = stopping;
        this.writer = new LogWriter(target);
    }

    /** The installation's secret for hashing visitors. */
    String salt() {
        String salt = writer.single("SELECT secret FROM webtop_salt");
        writer.commit();   // no transaction left open while following a quiet file
        return salt;
    }

    /** The file's checkpoint, or null when it was never read. */
    Checkpoint checkpoint(String source) {
        Checkpoint saved = read(source);
        writer.commit();
        return saved;
    }

    private Checkpoint read(String source) {
        String fileKey = writer.single("SELECT file_key FROM ingest_checkpoints WHERE source = ?", source);
        return fileKey == null ? null : new Checkpoint(fileKey,
            Long.parseLong(writer.single("SELECT position FROM ingest_checkpoints WHERE source = ?", source)));
    }

    /** Commits a batch (possibly empty) and the checkpoint after it. */
    void commit(LogBatch batch, String source, String key, long position) {
        int failuresAfterReconnect = 0;
        while (true) {
            try {
                if (failuresAfterReconnect > 0 && new Checkpoint(key, position).equals(read(source))) {
                    writer.commit();
                    return;
                }
                if (batch.size() > 0) {
                    writer.append(LogSlice.all(batch));
                }
                writer.execute(SAVE, source, key, position, (long) batch.size());
                writer.commit();
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
                writer = new LogWriter(target);
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
