-- `webtop record`'s lag per Kafka topic: messages not yet stored, and when the recorder last
-- looked at the partitions' end offsets. No rows when Kafka is not used.
SELECT topic, group_id, lag, extract(epoch FROM checked_at) AS checked_at
  FROM kafka_lag
 ORDER BY topic
