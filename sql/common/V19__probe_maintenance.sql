-- Checks made while a target's alerts are silenced (`webtop alert silence`, or a weekly
-- maintenance window) are stored as any other and marked, so that uptime can be told with and
-- without them (`webtop probe report --exclude-maintenance`, the status page).
ALTER TABLE probe_results ADD COLUMN maintenance boolean NOT NULL DEFAULT false;

ALTER TABLE probe_hourly
    ADD COLUMN maintenance_checks integer NOT NULL DEFAULT 0,
    ADD COLUMN maintenance_up     integer NOT NULL DEFAULT 0;
