-- The detected edition in the words users know, for a quick look from psql:
--   SELECT * FROM webtop_edition;
CREATE OR REPLACE VIEW webtop_edition AS
SELECT CASE edition WHEN 'timescale' THEN 'community' ELSE edition END AS edition_name,
       edition,
       timescaledb_version,
       postgres_version,
       pg_cron_version,
       detected_at
  FROM webtop_instance;
