package dev.webtop.traffic;

/**
 * A Kafka partition's stored offset was not where a batch began: another consumer took the
 * partition and stored from there. The batch's transaction is rolled back; its reader seeks to
 * the stored offset again.
 */
public final class OffsetMoved extends RuntimeException {
    private final String partition;

    public OffsetMoved(Checkpoint.PartitionOffset offset) {
        super(offset.key() + " no longer stands at offset " + offset.from(), null, false, false);
        this.partition = offset.topic() + "/" + offset.partition();
    }

    /** "webtop.traffic/3" */
    public String partition() {
        return partition;
    }
}
