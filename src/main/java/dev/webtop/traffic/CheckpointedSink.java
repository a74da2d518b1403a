package dev.webtop.traffic;

/**
 * Where a reader of files puts its batches, each with the file position after it, so that a
 * restart resumes where the last batch that landed ended: the database (CheckpointedWriter), or
 * Kafka, for `webtop record` to store.
 */
public interface CheckpointedSink extends AutoCloseable {
    /** The installation's secret for hashing visitors. */
    String visitorSalt();

    /** How long what is stored is kept. */
    Retention retention();

    /** Where the file was left, or null when it was never read. */
    Checkpoint.FilePosition filePosition(String file);

    /** Stores a batch (possibly empty) and, with it, the checkpoint after it. */
    void commit(LogBatch batch, Checkpoint checkpoint);

    @Override
    void close();
}
