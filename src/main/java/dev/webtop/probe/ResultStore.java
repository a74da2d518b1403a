package dev.webtop.probe;

import java.util.List;

/** Where a probe run's results go: the database (ProbeStore) or Kafka, for `webtop record` to store. */
public interface ResultStore extends AutoCloseable {
    /** Waits until the store is ready (or has failed, which store() then says), so that no check is timed meanwhile. */
    void connected();

    /**
     * Stores this run's results and those of spool files, or throws exit 3 when the store cannot
     * be reached. Returns whether alert messages wait to be sent.
     */
    boolean store(List<ProbeResult> results, List<ProbeSpool.Claimed> spooled);

    @Override
    void close();
}
