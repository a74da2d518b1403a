-- Runs after every successful migration: records the edition and versions this server has now.
INSERT INTO webtop_instance (edition, timescaledb_version, postgres_version, pg_cron_version, detected_at)
SELECT current_setting('timescaledb.license'),
       (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'),
       split_part(current_setting('server_version'), ' ', 1),
       (SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'),
       now()
ON CONFLICT (singleton) DO UPDATE
    SET edition             = EXCLUDED.edition,
        timescaledb_version = EXCLUDED.timescaledb_version,
        postgres_version    = EXCLUDED.postgres_version,
        pg_cron_version     = EXCLUDED.pg_cron_version,
        detected_at         = CASE
            WHEN (webtop_instance.edition, webtop_instance.timescaledb_version,
                  webtop_instance.postgres_version, webtop_instance.pg_cron_version)
                 IS DISTINCT FROM
                 (EXCLUDED.edition, EXCLUDED.timescaledb_version,
                  EXCLUDED.postgres_version, EXCLUDED.pg_cron_version)
            THEN EXCLUDED.detected_at
            ELSE webtop_instance.detected_at
        END;
