-- Seed 004's events: a page view is one kind among others (clicks, scrolls); only page views
-- count as views and for the bot rule. A bot row says which rule flagged it: 'rate' (more than
-- 10 page views by one user in one second) or 'user_agent' (a known crawler).
ALTER TABLE logs
    ADD COLUMN event_type text NOT NULL DEFAULT 'page_view',
    ADD COLUMN user_agent text,
    ADD COLUMN bot_rule   text CHECK (bot_rule IN ('rate', 'user_agent'));

-- Page views per hour, domain and path, kept far longer than raw rows (retention.raw is an hour
-- by default, and a batch upload may carry last year's views). Fed in the same transaction by
-- whatever writes page views: `webtop generate`, its --from-json batches, the pattern jobs and
-- `webtop ingest`; rows inserted by hand are counted by webtop_recount_pages(from, to).
CREATE TABLE page_hourly (
    bucket    timestamptz NOT NULL,
    domain    text        NOT NULL,
    path      text        NOT NULL,
    views     bigint      NOT NULL DEFAULT 0,
    bot_views bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (domain, path, bucket)
);

SELECT create_hypertable('page_hourly', by_range('bucket', INTERVAL '7 days'));

INSERT INTO webtop_settings (key, value, kind, min_value, max_value, default_value, description)
VALUES ('retention.page_hourly', '1 year', 'interval', '1 day', NULL, '1 year',
        'page views per hour and path (page_hourly) older than this are dropped');
