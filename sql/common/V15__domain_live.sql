-- Hits per domain in the minute under way, counted by the writers in the same transaction as
-- their rows (generate, --from-json batches, ingest and the pattern jobs), so the dashboard
-- shows traffic seconds after it is committed: domain_current only holds complete minutes and
-- is recomputed every few seconds. Only the current and the previous minute are kept; the
-- webtop-current job deletes older ones.
CREATE TABLE domain_live (
    domain text        NOT NULL,
    minute timestamptz NOT NULL,
    hits   bigint      NOT NULL,
    PRIMARY KEY (domain, minute)
);
