-- The dashboard's header: the clock, the database size and the ingest rate now (rows stamped in
-- the last 10 seconds) and over the last complete minute as the tables read it (domain_current,
-- so that the header and the 1M column describe the same minute), and, when `webtop record`
-- stores from Kafka, the messages it has not stored yet (null otherwise).
SELECT now(),
       pg_database_size(current_database()),
       (SELECT count(*) FROM logs WHERE time >= now() - INTERVAL '10 seconds') / 10.0,
       (SELECT coalesce(sum(hits_1m), 0) FROM domain_current) / 60.0,
       (SELECT edition FROM webtop_instance),
       (SELECT timescaledb_version FROM webtop_instance),
       (SELECT sum(lag)::bigint FROM kafka_lag)
