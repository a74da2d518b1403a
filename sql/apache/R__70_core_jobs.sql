-- Retention, Apache edition: drops whole chunks past each level's retention, at most 250 chunks of
-- each table a run (see webtop_drop_old_chunks), and folds old pg_cron run history into totals
-- (the latest run of each job stays, for webtop_jobs).
CREATE OR REPLACE PROCEDURE webtop_retention_job(job_id integer, config jsonb)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM webtop_drop_old_chunks('logs', webtop_setting('retention.raw')::interval, 250);
    PERFORM webtop_drop_old_chunks('domain_stats_1m_rollup', webtop_setting('retention.stats_1m')::interval, 250);
    PERFORM webtop_drop_old_chunks('domain_stats_10m_rollup', webtop_setting('retention.stats_10m')::interval, 250);
    PERFORM webtop_drop_old_chunks('domain_stats_1d_rollup', webtop_setting('retention.stats_1d')::interval, 250);
    PERFORM webtop_drop_old_chunks('probe_results', webtop_setting('retention.probes')::interval, 250);
    PERFORM webtop_drop_old_chunks('page_hourly', webtop_setting('retention.page_hourly')::interval, 250);
    PERFORM webtop_drop_old_chunks('probe_hourly', webtop_setting('retention.probe_aggregates')::interval, 250);
    PERFORM webtop_drop_old_chunks('visitor_hours', webtop_setting('retention.visitors')::interval, 250);
    PERFORM webtop_drop_old_chunks('goal_hours', webtop_setting('retention.visitors')::interval, 250);
    PERFORM webtop_drop_old_chunks('hourly_breakdowns', webtop_setting('retention.breakdowns')::interval, 250);
    PERFORM webtop_purge_cron_history(INTERVAL '1 hour');
END
$$;

-- The core jobs, Apache edition: retention, the dashboard's figures, candidates and election,
-- all on pg_cron (the aggregate levels need no job: writers keep them). Safe to repeat; changed settings are applied in place. Returns
-- how many there are.
CREATE OR REPLACE FUNCTION webtop_schedule_core_jobs() RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM webtop_schedule_job('webtop-retention', 'core', 'webtop_retention_job',
                                webtop_setting('retention.every')::interval);
    PERFORM webtop_schedule_job('webtop-current', 'core', 'webtop_refresh_current_job',
                                webtop_setting('monitor.refresh_every')::interval);
    PERFORM webtop_schedule_job('webtop-alerts', 'core', 'webtop_alerts_job',
                                webtop_setting('alerts.every')::interval);
    PERFORM webtop_schedule_job('webtop-breakdowns', 'core', 'webtop_breakdowns_job',
                                webtop_setting('breakdowns.every')::interval);
    PERFORM schedule_website_tracking_jobs();
    RETURN webtop_core_jobs_scheduled();
END
$$;

-- Empties the three aggregate levels.
CREATE OR REPLACE FUNCTION webtop_clear_aggregates() RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    TRUNCATE domain_stats_1m_rollup, domain_stats_10m_rollup, domain_stats_1d_rollup;
END
$$;

-- Counts every raw row still kept that the levels do not hold yet (rows other programs wrote
-- into logs); webtop's own writers need nothing of the kind.
CREATE OR REPLACE PROCEDURE webtop_refresh_aggregates()
LANGUAGE plpgsql
AS $$
DECLARE
    oldest timestamptz;
    newest timestamptz;
BEGIN
    SELECT min(time), max(time) INTO oldest, newest FROM logs;
    CALL webtop_aggregate_range(oldest, newest);
END
$$;

-- What this edition can and cannot do, for status and the dashboard.
CREATE OR REPLACE VIEW webtop_features AS
SELECT * FROM (VALUES
    ('jobs', true, 'pg_cron, through webtop_schedule_job()'),
    ('continuous_aggregates', false, 'not in the Apache edition: rollup tables that webtop''s writers keep exact stand in'),
    ('compression', false, 'not in the Apache edition: raw chunks stay uncompressed until retention drops them'),
    ('retention', true, 'drop_chunks from the webtop-retention job')
) AS f (feature, available, detail);
