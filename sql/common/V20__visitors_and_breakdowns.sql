-- What a request says about its client and campaign, worked out by the writer that stores it
-- (the address itself is kept only with --keep-ip, the query string never): so that breakdowns
-- can be checked against raw rows while those are kept.
ALTER TABLE logs
    ADD COLUMN browser      text,
    ADD COLUMN os           text,
    ADD COLUMN device       text,
    ADD COLUMN country      text,
    ADD COLUMN utm_source   text,
    ADD COLUMN utm_medium   text,
    ADD COLUMN utm_campaign text;

-- Who visited each domain in each hour, exactly: a row per visitor, hour and domain, the visitor
-- being a 64-bit hash of the user id (webtop_visitor_hash: the first half of its MD5) and bot
-- saying whether the visit was a bot's. A visitor is a user with a request that was not answered
-- 4xx (GoAccess's default), whichever source stored it. Visitors per hour, day, month or any
-- period are distinct counts over these rows, exact while kept (retention.visitors). Append-only:
-- a writer sends each visitor once per hour, and a visitor another writer (or a restart) sends
-- again is the same visitor to a distinct count. That makes a new visitor an insert without an
-- upsert's unique check, about three times cheaper, at the price of a row per hour of a visit.
CREATE TABLE visitor_hours (
    hour    timestamptz NOT NULL,
    domain  text        COLLATE "C" NOT NULL,   -- byte order: cheaper index comparisons
    visitor bigint      NOT NULL,
    bot     boolean     NOT NULL DEFAULT false
);

-- day-long chunks: a period's days are the only ones read, and retention drops whole days
SELECT create_hypertable('visitor_hours', by_range('hour', INTERVAL '1 day'), create_default_indexes => false);
CREATE INDEX visitor_hours_domain_hour_idx ON visitor_hours (domain, hour);

-- Breakdowns per domain and hour, kept like page_hourly so that reports outlive raw rows: per
-- dimension, each value's requests (hits) and page views, from people and from bots. Bounded:
-- an hour holds at most 10 x breakdowns.values_per_hour values of a dimension while it fills
-- (later ones count as '(other)'), and once it is over only its breakdowns.values_per_hour
-- busiest, the rest folded into '(other)'.
CREATE TABLE hourly_breakdowns (
    bucket    timestamptz NOT NULL,
    domain    text        COLLATE "C" NOT NULL,   -- byte order: cheaper key comparisons
    dimension text        COLLATE "C" NOT NULL CHECK (dimension IN ('entry', 'referrer', 'utm_source', 'utm_medium',
                                                        'utm_campaign', 'status', 'not_found', 'browser',
                                                        'os', 'device', 'country')),
    value     text        COLLATE "C" NOT NULL,
    hits      bigint      NOT NULL DEFAULT 0,
    views     bigint      NOT NULL DEFAULT 0,
    bot_hits  bigint      NOT NULL DEFAULT 0,
    bot_views bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (domain, dimension, bucket, value)
);

SELECT create_hypertable('hourly_breakdowns', by_range('bucket', INTERVAL '7 days'));

INSERT INTO webtop_settings (key, value, kind, min_value, max_value, default_value, description)
SELECT key, value, kind, min_value, max_value, value, description FROM (VALUES
    ('retention.visitors', '90 days', 'interval', '2 days', NULL,
     'who visited each domain in each hour (visitor_hours, exact visitor counts) is kept this long'),
    ('retention.breakdowns', '1 year', 'interval', '1 day', NULL,
     'referrers, campaigns, statuses, browsers, systems, devices and countries per hour (hourly_breakdowns) are kept this long'),
    ('breakdowns.values_per_hour', '100', 'integer', '10', '10000',
     'the busiest values of a breakdown kept per domain and hour; the rest are counted as (other)'),
    ('breakdowns.every', '5 minutes', 'interval', '1 minute', '1 hour',
     'how often finished hours are cut down to their busiest values')
) AS defaults (key, value, kind, min_value, max_value, description);
