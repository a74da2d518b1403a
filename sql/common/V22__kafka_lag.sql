-- Kafka, when webtop records from it (`webtop record`): each partition's end offset as the
-- recorder last saw it. With the offsets stored beside the rows (ingest_checkpoints, 'kafka
-- TOPIC/PARTITION'), it tells how far recording is behind, for `status`, the dashboard and /metrics.
CREATE TABLE kafka_partitions (
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    group_id    text        NOT NULL,
    end_offset  bigint      NOT NULL,
    checked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);

-- Messages of each topic not yet stored, and when the recorder last looked.
CREATE VIEW kafka_lag AS
SELECT p.topic,
       p.group_id,
       count(*) AS partitions,
       sum(greatest(p.end_offset - coalesce(c.position, 0), 0)) AS lag,
       max(p.checked_at) AS checked_at
  FROM kafka_partitions p
  LEFT JOIN ingest_checkpoints c ON c.source = 'kafka ' || p.topic || '/' || p.partition
 GROUP BY p.topic, p.group_id;
