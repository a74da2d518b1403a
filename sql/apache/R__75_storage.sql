-- Storage per level of the pipeline, for the dashboard: size, chunks and retention. The Apache
-- edition cannot compress, and says so.
-- Dropped first: nothing depends on it, and CREATE OR REPLACE cannot change column types.
DROP VIEW IF EXISTS webtop_storage;
CREATE VIEW webtop_storage AS
WITH levels (position, object, kind, hypertable_name, retention) AS (VALUES
    (1, 'logs', 'raw', 'logs'::name, webtop_setting('retention.raw')),
    (2, 'domain_stats_1m', 'aggregate', 'domain_stats_1m_rollup'::name, webtop_setting('retention.stats_1m')),
    (3, 'domain_stats_10m', 'aggregate', 'domain_stats_10m_rollup'::name, webtop_setting('retention.stats_10m')),
    (4, 'domain_stats_1d', 'aggregate', 'domain_stats_1d_rollup'::name, webtop_setting('retention.stats_1d'))
)
SELECT l.position, l.object, l.kind,
       hypertable_size(format('public.%I', l.hypertable_name)::regclass) AS total_bytes,
       (SELECT count(*) FROM show_chunks(format('public.%I', l.hypertable_name)::regclass)) AS chunks,
       0::bigint AS compressed_chunks,
       NULL::numeric AS compression_ratio,
       'unavailable'::text AS compression,
       l.retention
  FROM levels l
 ORDER BY l.position;
