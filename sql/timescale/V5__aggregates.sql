-- Hits per domain at 1 minute, 10 minutes and 1 day: a stack of continuous aggregates, each built
-- on the one below, so the daily level never needs raw rows that retention already dropped.
-- Real-time (materialized_only = false): the newest buckets are computed from the level below.
-- Every column re-aggregates by sum or max, so the upper levels stay exact.
CREATE MATERIALIZED VIEW domain_stats_1m
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 minute', time)            AS bucket,
       domain,
       count(*)                                          AS hits,
       count(*) FILTER (WHERE is_bot)                    AS bot_hits,
       count(*) FILTER (WHERE status BETWEEN 400 AND 499) AS errors_4xx,
       count(*) FILTER (WHERE status >= 500)             AS errors_5xx,
       coalesce(sum(bytes), 0)::bigint                   AS bytes,
       coalesce(sum(response_ms), 0)::bigint             AS response_ms_sum,
       count(response_ms)                                AS response_ms_count,
       max(response_ms)                                  AS response_ms_max
  FROM logs
 GROUP BY 1, 2
WITH NO DATA;

CREATE MATERIALIZED VIEW domain_stats_10m
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '10 minutes', bucket) AS bucket,
       domain,
       sum(hits)::bigint              AS hits,
       sum(bot_hits)::bigint          AS bot_hits,
       sum(errors_4xx)::bigint        AS errors_4xx,
       sum(errors_5xx)::bigint        AS errors_5xx,
       sum(bytes)::bigint             AS bytes,
       sum(response_ms_sum)::bigint   AS response_ms_sum,
       sum(response_ms_count)::bigint AS response_ms_count,
       max(response_ms_max)           AS response_ms_max
  FROM domain_stats_1m
 GROUP BY 1, 2
WITH NO DATA;

CREATE MATERIALIZED VIEW domain_stats_1d
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket) AS bucket,
       domain,
       sum(hits)::bigint              AS hits,
       sum(bot_hits)::bigint          AS bot_hits,
       sum(errors_4xx)::bigint        AS errors_4xx,
       sum(errors_5xx)::bigint        AS errors_5xx,
       sum(bytes)::bigint             AS bytes,
       sum(response_ms_sum)::bigint   AS response_ms_sum,
       sum(response_ms_count)::bigint AS response_ms_count,
       max(response_ms_max)           AS response_ms_max
  FROM domain_stats_10m
 GROUP BY 1, 2
WITH NO DATA;

-- Raw chunks compress by domain, newest first, once they are past compression.after; the
-- policy itself is scheduled with the other core jobs.
ALTER TABLE logs SET (
    timescaledb.enable_columnstore,
    timescaledb.segmentby = 'domain',
    timescaledb.orderby = 'time DESC'
);
