-- Which sources each domain's traffic came from, and when last: the dashboard's source filter
-- (the aggregates count every source together). Upserted by the writers in the same transaction
-- as their rows: generate, --from-json batches, ingest and the pattern jobs.
CREATE TABLE domain_sources (
    domain    text        NOT NULL,
    source    text        NOT NULL,
    last_seen timestamptz NOT NULL,
    PRIMARY KEY (source, domain)
);
