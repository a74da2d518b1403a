package dev.webtop.traffic;

/**
 * How far a writer has read its input, committed in the same transaction as the rows read up to
 * there: a restart resumes from the last one that landed, so nothing is stored twice or lost.
 */
public sealed interface Checkpoint permits Checkpoint.FilePosition, Checkpoint.BatchTag, Checkpoint.PartitionOffset {
    /** What the checkpoint is of (a file, a partition); one saved checkpoint per key. */
    String key();

    /**
     * Where an access log was left: its path as given (the key), its identity (device and
     * inode, so a rotation is noticed) and the bytes consumed.
     */
    record FilePosition(String file, String fileKey, long position) implements Checkpoint {
        @Override
        public String key() {
            return file;
        }
    }

    /**
     * A writer's mark on its latest batch, for input with no position of its own (an HTTP
     * collector): after a lost connection it tells whether the batch in doubt was committed.
     */
    record BatchTag(String writer, String batch) implements Checkpoint {
        @Override
        public String key() {
            return writer;
        }
    }

    /**
     * How far a Kafka partition is stored: the offset of the next message to read. A batch read
     * from `from` may only move it if it still stands at `from`, so a consumer that lost the
     * partition in a rebalance cannot store what the new owner stores too.
     */
    record PartitionOffset(String topic, int partition, long from, long next) implements Checkpoint {
        @Override
        public String key() {
            return key(topic, partition);
        }

        /** "kafka webtop.traffic/3" */
        public static String key(String topic, int partition) {
            return "kafka " + topic + "/" + partition;
        }
    }
}
