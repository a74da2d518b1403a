-- The Apache edition has no continuous aggregates, so the three levels are rollup tables that a
-- job keeps up to date incrementally (see R__30_rollups.sql); views named like the community
-- edition's aggregates add the newest, not yet rolled-up buckets, so readers see the same thing.
-- Each level is a hypertable so that retention can drop whole chunks.
CREATE TABLE domain_stats_1m_rollup (
    bucket            timestamptz NOT NULL,
    domain            text        NOT NULL,
    hits              bigint      NOT NULL,
    bot_hits          bigint      NOT NULL,
    errors_4xx        bigint      NOT NULL,
    errors_5xx        bigint      NOT NULL,
    bytes             bigint      NOT NULL,
    response_ms_sum   bigint      NOT NULL,
    response_ms_count bigint      NOT NULL,
    response_ms_max   integer,
    PRIMARY KEY (bucket, domain)
);
SELECT create_hypertable('domain_stats_1m_rollup', by_range('bucket', INTERVAL '6 hours'));

CREATE TABLE domain_stats_10m_rollup (LIKE domain_stats_1m_rollup INCLUDING ALL);
SELECT create_hypertable('domain_stats_10m_rollup', by_range('bucket', INTERVAL '1 day'));

CREATE TABLE domain_stats_1d_rollup (LIKE domain_stats_1m_rollup INCLUDING ALL);
SELECT create_hypertable('domain_stats_1d_rollup', by_range('bucket', INTERVAL '30 days'));

-- Per level, the bucket start below which the rollup table is complete.
CREATE TABLE webtop_rollup_watermarks (
    level     text PRIMARY KEY CHECK (level IN ('1m', '10m', '1d')),
    watermark timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO webtop_rollup_watermarks (level) VALUES ('1m'), ('10m'), ('1d');

-- pg_cron forgets nothing by itself; run counts of purged history are folded in here.
CREATE TABLE webtop_cron_run_totals (
    jobid    bigint PRIMARY KEY,
    runs     bigint NOT NULL DEFAULT 0,
    failures bigint NOT NULL DEFAULT 0
);
