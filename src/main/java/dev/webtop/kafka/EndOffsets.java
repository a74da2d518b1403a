package dev.webtop.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** The partitions' end offsets as a recorder saw them (kafka_partitions): with the stored offsets, the lag. */
final class EndOffsets {
    private static final String SAVE = "INSERT INTO kafka_partitions (topic, partition, group_id, end_offset) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT (topic, partition) DO UPDATE SET group_id = EXCLUDED.group_id, "
        + "end_offset = EXCLUDED.end_offset, checked_at = now()";

    private EndOffsets() {
    }

    static Void save(Connection db, Map<TopicPartition, Long> ends, String group) throws SQLException {
        try (PreparedStatement upsert = db.prepareStatement(SAVE)) {
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                upsert.setString(1, end.getKey().topic());
                upsert.setInt(2, end.getKey().partition());
                upsert.setString(3, group);
                upsert.setLong(4, end.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        return null;
    }
}
