-- TimescaleDB: hypertables, time buckets and chunk management, on both editions.
CREATE EXTENSION IF NOT EXISTS timescaledb;

-- The Apache edition has no job scheduler of its own, so webtop schedules its jobs with pg_cron
-- there. pg_cron can only be created in the one database that cron.database_name names, so say
-- exactly what to change when this is another one. The community edition uses TimescaleDB jobs.
DO $$
DECLARE
    cron_database text := current_setting('cron.database_name', true);
BEGIN
    IF current_setting('timescaledb.license', true) = 'timescale' THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron') THEN
        RAISE EXCEPTION 'this server runs the Apache edition of TimescaleDB, whose jobs need pg_cron, '
            'and pg_cron is not installed: install it and add it to shared_preload_libraries, '
            'or use a community-edition server';
    END IF;
    IF cron_database IS NULL THEN
        RAISE EXCEPTION 'pg_cron is installed but not loaded: add pg_cron to shared_preload_libraries, '
            'set cron.database_name = %, and restart the server', quote_literal(current_database());
    END IF;
    IF cron_database <> current_database() THEN
        RAISE EXCEPTION 'pg_cron can only be created in database "%" (cron.database_name), not in "%": '
            'set cron.database_name = % and restart the server, or point webtop at database "%"',
            cron_database, current_database(), quote_literal(current_database()), cron_database;
    END IF;
    CREATE EXTENSION IF NOT EXISTS pg_cron;
END
$$;
