-- The dashboard's view of every active domain, recomputed every few seconds by the webtop-current
-- job: one row per domain instead of thousands of per-minute aggregate rows at every refresh.
-- All its windows end at whole minutes (or ten minutes), so a few seconds' lag changes nothing
-- but the freshest late rows.
CREATE TABLE domain_current (
    domain            text PRIMARY KEY,
    computed_at       timestamptz NOT NULL,
    hits_1m           bigint NOT NULL,
    hits_10m          bigint NOT NULL,
    hits_1h           bigint NOT NULL,
    previous_1m       bigint NOT NULL,
    previous_10m      bigint NOT NULL,
    window_1h         bigint NOT NULL,
    previous_1h       bigint NOT NULL,
    window_1d         bigint NOT NULL,
    previous_1d       bigint NOT NULL,
    traffic_level     text NOT NULL,
    trend             text NOT NULL,
    is_burst          boolean NOT NULL,
    baseline_median   double precision NOT NULL,
    last_30_minutes   bigint[] NOT NULL
);

INSERT INTO webtop_settings (key, value, kind, min_value, max_value, default_value, description)
VALUES ('monitor.refresh_every', '10 seconds', 'interval', '1 second', '1 minute', '10 seconds',
        'how often the dashboard''s per-domain figures (domain_current) are recomputed');
