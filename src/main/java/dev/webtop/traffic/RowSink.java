package dev.webtop.traffic;

/** Where a writer's rows go for good: the database (TrafficWriter) or a Kafka topic that `record` stores. */
public interface RowSink extends AutoCloseable {
    /**
     * Stores rows [from, to) of the slice: committed, with the checkpoint after them, or
     * acknowledged by every in-sync Kafka replica. Returns the rows stored.
     */
    long write(LogSlice slice, Checkpoint checkpoint);

    @Override
    void close();
}
