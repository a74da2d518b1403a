-- Page views, one row each. Raw rows are kept briefly (retention.raw, 1 hour by default); the
-- aggregates keep the history. 20-minute chunks let retention drop whole chunks every few minutes.
CREATE TABLE logs (
    time        timestamptz NOT NULL,
    domain      text        NOT NULL,
    path        text        NOT NULL DEFAULT '/',
    user_id     text,
    session_id  text,
    status      smallint    NOT NULL DEFAULT 200,
    bytes       bigint,
    response_ms integer,
    is_bot      boolean     NOT NULL DEFAULT false,
    source      text        NOT NULL DEFAULT 'generated'
                CHECK (source IN ('generated', 'client', 'access_log', 'dns'))
);

SELECT create_hypertable('logs', by_range('time', INTERVAL '20 minutes'));

-- "This domain, recently" is the question the dashboard and the aggregates' real-time part ask.
CREATE INDEX logs_domain_time_idx ON logs (domain, time DESC);

-- Every knob of the pipeline, with its default and what it means. Change one with
-- `webtop setup-db --set key=value` or webtop_set_setting(); the kind is checked on the way in.
-- Lower bounds keep each aggregate level's refresh window inside the retention of the level it
-- reads (raw: 30 minutes back; 1m: 3 hours; 10m: 3 days), or refreshes would erase history.
CREATE TABLE webtop_settings (
    key         text PRIMARY KEY,
    value       text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('interval', 'integer', 'number', 'boolean')),
    min_value   text,
    max_value   text,
    default_value text NOT NULL,
    description text NOT NULL
);

INSERT INTO webtop_settings (key, value, kind, min_value, max_value, default_value, description)
SELECT key, value, kind, min_value, max_value, value, description FROM (VALUES
    ('retention.raw',             '1 hour',     'interval', '1 hour', NULL, 'raw page views older than this are dropped (whole 20-minute chunks)'),
    ('retention.stats_1m',        '1 day',      'interval', '6 hours', NULL, 'domain_stats_1m keeps this much history'),
    ('retention.stats_10m',       '7 days',     'interval', '4 days', NULL, 'domain_stats_10m keeps this much history'),
    ('retention.stats_1d',        '90 days',    'interval', '3 days', NULL, 'domain_stats_1d keeps this much history'),
    ('compression.after',         '20 minutes', 'interval', '1 minute', NULL, 'community edition: raw chunks older than this are compressed'),
    ('rollup.every',              '30 seconds', 'interval', '1 second', '1 hour', 'apache edition: how often the rollup tables catch up'),
    ('rollup.lateness',           '5 minutes',  'interval', '0 seconds', '1 hour', 'apache edition: rows arriving up to this late are still counted'),
    ('retention.every',           '5 minutes',  'interval', '1 minute', '1 day', 'how often old chunks are dropped'),
    ('candidates.every',          '1 hour',     'interval', '1 second', NULL, 'how often election candidates are collected'),
    ('candidates.window',         '1 hour',     'interval', '1 minute', '90 days', 'candidates are domains with enough hits in this window'),
    ('candidates.min_hits',       '100',        'integer',  '1', NULL, 'hits a domain needs in candidates.window to be a candidate'),
    ('candidates.keep',           '7 days',     'interval', '1 hour', NULL, 'candidate lists older than this are deleted'),
    ('election.every',            '1 day',      'interval', '1 second', NULL, 'how often the top websites are elected'),
    ('election.window',           '1 day',      'interval', '1 minute', '90 days', 'total traffic is counted over this window'),
    ('election.recent_window',    '1 hour',     'interval', '1 minute', '90 days', 'recent traffic is counted over this window'),
    ('election.top_n',            '10',         'integer',  '1', '100000', 'how many websites are elected'),
    ('election.weight_total',     '0.7',        'number',   '0', '1', 'weight of total traffic in the score'),
    ('election.weight_recent',    '0.3',        'number',   '0', '1', 'weight of recent traffic in the score'),
    ('monitor.high_per_minute',   '1000',       'integer',  '1', NULL, 'hits in the last minute from which a domain''s level is High'),
    ('monitor.medium_per_minute', '100',        'integer',  '1', NULL, 'hits in the last minute from which a domain''s level is Medium'),
    ('monitor.trend_window',      '5 minutes',  'interval', '1 minute', '1 hour', 'trend compares this many recent minutes with as many before them'),
    ('monitor.trend_ratio',       '1.2',        'number',   '1', NULL, 'recent/previous above this is Growing, below its inverse Declining'),
    ('monitor.burst_factor',      '3',          'number',   '1', NULL, 'a minute above this many times the trailing median is a burst'),
    ('monitor.burst_baseline',    '10 minutes', 'interval', '2 minutes', '1 hour', 'the trailing window whose median is the burst baseline')
) AS defaults (key, value, kind, min_value, max_value, description);
