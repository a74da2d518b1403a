-- Every availability check, one row each, as `webtop probe` measured it. Phase times are
-- milliseconds from the start of the check (curl's convention: dns <= connect <= tls <= ttfb <=
-- total), null for a phase the check never reached; transfer_ms is the body's own transfer.
CREATE TABLE probe_results (
    time           timestamptz NOT NULL,
    location       text        NOT NULL,
    target         text        NOT NULL,
    outcome        text        NOT NULL,
    responsive     boolean     NOT NULL,
    failed_phase   text,
    detail         text,
    status         smallint,
    reason         text,
    dns_ms         real,
    connect_ms     real,
    tls_ms         real,
    ttfb_ms        real,
    transfer_ms    real,
    total_ms       real        NOT NULL,
    body_bytes     bigint,
    final_url      text,
    redirects      smallint    NOT NULL DEFAULT 0,
    remote_ip      text,
    tls_version    text,
    cert_not_after timestamptz
);

SELECT create_hypertable('probe_results', by_range('time', INTERVAL '1 day'));

-- "this target, recently": reports, state and the dashboard ask per target.
CREATE INDEX probe_results_target_time_idx ON probe_results (target, time DESC);

INSERT INTO webtop_settings (key, value, kind, min_value, max_value, default_value, description)
VALUES ('retention.probes', '90 days', 'interval', '1 day', NULL, '90 days',
        'raw probe results older than this are dropped (whole 1-day chunks)');
