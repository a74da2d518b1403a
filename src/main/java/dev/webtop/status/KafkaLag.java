package dev.webtop.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far `webtop record` is behind on a Kafka topic: messages not yet stored, summed over the
 * topic's partitions, as of the recorder's last look at their end offsets (secondsAgo).
 */
public record KafkaLag(String topic, String group, int partitions, long lag,
                       @JsonProperty("checked_seconds_ago") long secondsAgo) {
    private static final String QUERY = "SELECT topic, group_id, partitions, lag, "
        + "floor(extract(epoch FROM now() - checked_at))::bigint FROM kafka_lag ORDER BY topic";

    /** Every topic a recorder has looked at (none when Kafka is not used). */
    public static List<KafkaLag> read(Connection connection) throws SQLException {
        List<KafkaLag> lags = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(QUERY); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                lags.add(new KafkaLag(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getLong(4), rows.getLong(5)));
            }
        }
        return lags;
    }

    /** "webtop.traffic: 120 messages behind (group webtop-record, 4 s ago)" */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %,d messages behind (group %s, %d partitions, %d s ago)",
            topic, lag, group, partitions, secondsAgo);
    }
}
