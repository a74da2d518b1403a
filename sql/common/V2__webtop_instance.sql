-- What webtop found on this server: the TimescaleDB edition decides how jobs and aggregates are
-- built, so it is detected once per database and kept here (refreshed by afterMigrate.sql, so an
-- upgraded extension shows its new version).
CREATE TABLE webtop_instance (
    singleton           boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    edition             text NOT NULL CHECK (edition IN ('timescale', 'apache')),
    timescaledb_version text NOT NULL,
    postgres_version    text NOT NULL,
    pg_cron_version     text,
    detected_at         timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN webtop_instance.edition IS
    'timescaledb.license: timescale = community edition (jobs, continuous aggregates, compression), apache = Apache edition';
