-- The hypertable behind a table or continuous aggregate. timescaledb_information.jobs names a
-- continuous aggregate's policies after this hypertable in older versions and after the view in
-- newer ones, so lookups try both.
CREATE OR REPLACE FUNCTION webtop_policy_hypertable(relation text) RETURNS name
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(
        (SELECT materialization_hypertable_name FROM timescaledb_information.continuous_aggregates
          WHERE view_name = relation),
        relation::name)
$$;

-- Makes the policy of one kind on one relation have this schedule and this value of config key
-- `setting`, adding it when missing and altering it in place otherwise, so its job id survives.
CREATE OR REPLACE FUNCTION webtop_ensure_policy(relation text, policy text, setting text,
                                                value interval, every interval)
RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    job record;
BEGIN
    SELECT j.job_id, j.config, j.schedule_interval INTO job
      FROM timescaledb_information.jobs j
     WHERE j.proc_name = policy
       AND j.hypertable_name IN (relation::name, webtop_policy_hypertable(relation));
    IF NOT FOUND THEN
        IF policy = 'policy_retention' THEN
            RETURN add_retention_policy(relation::regclass, drop_after => value,
                                        schedule_interval => every);
        END IF;
        RETURN add_compression_policy(relation::regclass, compress_after => value,
                                      schedule_interval => every);
    END IF;
    IF (job.config ->> setting)::interval IS DISTINCT FROM value
       OR job.schedule_interval IS DISTINCT FROM every THEN
        PERFORM alter_job(job.job_id, schedule_interval => every,
                          config => jsonb_set(job.config, ARRAY[setting], to_jsonb(value::text)));
    END IF;
    RETURN job.job_id;
END
$$;

-- The core jobs, community edition: refresh policies for the aggregate stack (each window
-- covers at least two buckets and stays inside what the level below keeps), retention on raw
-- rows and every level, compression of raw chunks, the dashboard's figures, candidates and
-- election. Safe to repeat; changed settings are applied in place. Returns how many there are.
CREATE OR REPLACE FUNCTION webtop_schedule_core_jobs() RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    retention_every interval := webtop_setting('retention.every')::interval;
BEGIN
    PERFORM add_continuous_aggregate_policy('domain_stats_1m', start_offset => INTERVAL '30 minutes',
        end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute', if_not_exists => true);
    PERFORM add_continuous_aggregate_policy('domain_stats_10m', start_offset => INTERVAL '3 hours',
        end_offset => INTERVAL '10 minutes', schedule_interval => INTERVAL '5 minutes', if_not_exists => true);
    PERFORM add_continuous_aggregate_policy('domain_stats_1d', start_offset => INTERVAL '3 days',
        end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour', if_not_exists => true);

    PERFORM webtop_ensure_policy('logs', 'policy_retention', 'drop_after',
        webtop_setting('retention.raw')::interval, retention_every);
    PERFORM webtop_ensure_policy('domain_stats_1m', 'policy_retention', 'drop_after',
        webtop_setting('retention.stats_1m')::interval, retention_every);
    PERFORM webtop_ensure_policy('domain_stats_10m', 'policy_retention', 'drop_after',
        webtop_setting('retention.stats_10m')::interval, INTERVAL '1 hour');
    PERFORM webtop_ensure_policy('domain_stats_1d', 'policy_retention', 'drop_after',
        webtop_setting('retention.stats_1d')::interval, INTERVAL '1 day');
    PERFORM webtop_ensure_policy('probe_results', 'policy_retention', 'drop_after',
        webtop_setting('retention.probes')::interval, INTERVAL '1 hour');
    PERFORM webtop_ensure_policy('page_hourly', 'policy_retention', 'drop_after',
        webtop_setting('retention.page_hourly')::interval, INTERVAL '1 day');
    PERFORM webtop_ensure_policy('probe_hourly', 'policy_retention', 'drop_after',
        webtop_setting('retention.probe_aggregates')::interval, INTERVAL '1 day');
    PERFORM webtop_ensure_policy('visitor_hours', 'policy_retention', 'drop_after',
        webtop_setting('retention.visitors')::interval, INTERVAL '1 day');
    PERFORM webtop_ensure_policy('goal_hours', 'policy_retention', 'drop_after',
        webtop_setting('retention.visitors')::interval, INTERVAL '1 day');
    PERFORM webtop_ensure_policy('hourly_breakdowns', 'policy_retention', 'drop_after',
        webtop_setting('retention.breakdowns')::interval, INTERVAL '1 day');
    PERFORM webtop_ensure_policy('logs', 'policy_compression', 'compress_after',
        webtop_setting('compression.after')::interval, INTERVAL '5 minutes');

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

-- Empties the three aggregate levels (their raw rows are gone too by the time this is called).
CREATE OR REPLACE FUNCTION webtop_clear_aggregates() RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    TRUNCATE domain_stats_1m, domain_stats_10m, domain_stats_1d;
END
$$;

-- Brings the aggregates up to date now, for all time, as far as the refresh policies would
-- (the policies do it continuously for recent data): later buckets are read on the fly, so rows
-- that still arrive there are counted without a refresh. Call it with CALL, outside a
-- transaction block.
CREATE OR REPLACE PROCEDURE webtop_refresh_aggregates()
LANGUAGE plpgsql
AS $$
BEGIN
    CALL refresh_continuous_aggregate('domain_stats_1m', NULL, webtop_materialised_until(INTERVAL '1 minute'));
    CALL refresh_continuous_aggregate('domain_stats_10m', NULL, webtop_materialised_until(INTERVAL '10 minutes'));
    CALL refresh_continuous_aggregate('domain_stats_1d', NULL, webtop_materialised_until(INTERVAL '1 day'));
END
$$;

-- What this edition can and cannot do, for status and the dashboard.
CREATE OR REPLACE VIEW webtop_features AS
SELECT * FROM (VALUES
    ('jobs', true, 'TimescaleDB job scheduler'),
    ('continuous_aggregates', true, 'domain_stats_1m/10m/1d are hierarchical continuous aggregates'),
    ('compression', true, 'raw chunks compress after compression.after, segmented by domain'),
    ('retention', true, 'retention policies on logs and every aggregate level')
) AS f (feature, available, detail);
