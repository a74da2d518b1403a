-- The dashboard's header: the clock, the database size and the ingest rate now (rows stamped in
-- the last 10 seconds) and over the last complete minute.
SELECT now(),
       pg_database_size(current_database()),
       (SELECT count(*) FROM logs WHERE time >= now() - INTERVAL '10 seconds') / 10.0,
       (SELECT coalesce(sum(hits), 0) FROM domain_stats_1m
         WHERE bucket = time_bucket(INTERVAL '1 minute', now()) - INTERVAL '1 minute') / 60.0,
       (SELECT edition FROM webtop_instance),
       (SELECT timescaledb_version FROM webtop_instance)
