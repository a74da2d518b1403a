-- Storage per level of the pipeline, for the dashboard: size, chunks, compression and retention.
-- A continuous aggregate's chunks belong to its materialization hypertable.
-- Dropped first: nothing depends on it, and CREATE OR REPLACE cannot change column types.
DROP VIEW IF EXISTS webtop_storage;
CREATE VIEW webtop_storage AS
WITH levels (position, object, kind, hypertable_schema, hypertable_name, compression_enabled, retention) AS (
    SELECT 1, 'logs', 'raw', h.hypertable_schema, h.hypertable_name, h.compression_enabled,
           webtop_setting('retention.raw')
      FROM timescaledb_information.hypertables h
     WHERE h.hypertable_schema = 'public' AND h.hypertable_name = 'logs'
    UNION ALL
    SELECT CASE c.view_name WHEN 'domain_stats_1m' THEN 2 WHEN 'domain_stats_10m' THEN 3 ELSE 4 END,
           c.view_name::text, 'aggregate', c.materialization_hypertable_schema,
           c.materialization_hypertable_name, c.compression_enabled,
           webtop_setting('retention.stats_' || substr(c.view_name::text, length('domain_stats_') + 1))
      FROM timescaledb_information.continuous_aggregates c
     WHERE c.view_schema = 'public'
       AND c.view_name IN ('domain_stats_1m', 'domain_stats_10m', 'domain_stats_1d')
)
SELECT l.position, l.object, l.kind,
       hypertable_size(format('%I.%I', l.hypertable_schema, l.hypertable_name)::regclass) AS total_bytes,
       (SELECT count(*) FROM show_chunks(format('%I.%I', l.hypertable_schema,
                                                 l.hypertable_name)::regclass)) AS chunks,
       coalesce(s.number_compressed_chunks, 0)::bigint AS compressed_chunks,
       CASE WHEN s.after_compression_total_bytes > 0
            THEN round(s.before_compression_total_bytes::numeric / s.after_compression_total_bytes, 1)
       END AS compression_ratio,
       CASE WHEN l.compression_enabled THEN 'on' ELSE 'off' END AS compression,
       l.retention
  FROM levels l
  -- no row at all for a hypertable that has never had compression enabled
  LEFT JOIN LATERAL hypertable_compression_stats(format('%I.%I', l.hypertable_schema,
                                                       l.hypertable_name)::regclass) s ON true
 ORDER BY l.position;
