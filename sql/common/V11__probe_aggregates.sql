-- Smart mode (seed 003): a run of healthy checks of one target from one location is kept as one
-- row, `time` being its first check and `last_time` its last, `checks` how many it stands for.
-- The earliest expiry in the certificate chain sits beside the leaf's.
ALTER TABLE probe_results
    ADD COLUMN last_time       timestamptz,
    ADD COLUMN checks          integer NOT NULL DEFAULT 1 CHECK (checks >= 1),
    ADD COLUMN chain_not_after timestamptz;

-- Probe aggregates per hour, target and location, fed by webtop_store_probes() from every check
-- as it is stored (not from probe_results), so that smart mode's merged rows and raw retention
-- change nothing in them. The phase times of the hour's checks are kept as arrays so that
-- percentiles over any span of hours are exact; probe_stats_1h and probe_stats_1d compute them.
CREATE TABLE probe_hourly (
    bucket      timestamptz NOT NULL,
    target      text        NOT NULL,
    location    text        NOT NULL,
    checks      integer     NOT NULL,
    up          integer     NOT NULL,
    responsive  integer     NOT NULL,
    outcomes    jsonb       NOT NULL,
    total_ms    real[]      NOT NULL,
    dns_ms      real[]      NOT NULL DEFAULT '{}',
    connect_ms  real[]      NOT NULL DEFAULT '{}',
    tls_ms      real[]      NOT NULL DEFAULT '{}',
    ttfb_ms     real[]      NOT NULL DEFAULT '{}',
    transfer_ms real[]      NOT NULL DEFAULT '{}',
    UNIQUE (target, location, bucket)
);

SELECT create_hypertable('probe_hourly', by_range('bucket', INTERVAL '30 days'));

INSERT INTO webtop_settings (key, value, kind, min_value, max_value, default_value, description)
VALUES ('retention.probe_aggregates', '1 year', 'interval', '1 day', NULL, '1 year',
        'hourly and daily probe aggregates older than this are dropped (whole 30-day chunks)');
