-- The job adapter, community edition: webtop's jobs are TimescaleDB jobs (add_job), known by name
-- in webtop_job_registry. The Apache edition has the same functions over pg_cron.

-- The signature before run_now existed; left alone, calls would be ambiguous between the two.
DROP FUNCTION IF EXISTS webtop_schedule_job(text, text, text, interval, jsonb);

-- Schedules (or, for a name already scheduled, reschedules) a job that calls
-- job_proc(job_id integer, config jsonb) every interval; returns the scheduler's job id. A new
-- job first runs right away, or, with run_now false, one interval from now.
CREATE OR REPLACE FUNCTION webtop_schedule_job(job_name text, job_kind text, job_proc text,
                                               every interval, job_config jsonb DEFAULT '{}',
                                               run_now boolean DEFAULT true)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    existing webtop_job_registry;
    job_id   bigint;
BEGIN
    PERFORM webtop_check_interval(every);
    SELECT * INTO existing FROM webtop_job_registry WHERE name = job_name FOR UPDATE;
    IF FOUND AND existing.proc = job_proc
       AND EXISTS (SELECT 1 FROM timescaledb_information.jobs j WHERE j.job_id = existing.native_id) THEN
        PERFORM alter_job(existing.native_id::integer, schedule_interval => every,
                          config => job_config);
        job_id := existing.native_id;
    ELSE
        IF FOUND AND existing.native_id IS NOT NULL THEN
            PERFORM delete_job(existing.native_id::integer)
               FROM timescaledb_information.jobs j WHERE j.job_id = existing.native_id;
        END IF;
        job_id := add_job(job_proc::regproc, every, config => job_config,
                          initial_start => CASE WHEN NOT run_now THEN now() + every END);
    END IF;
    RETURN webtop_register_job(job_name, job_kind, job_proc, every, job_config, job_id);
END
$$;

-- Removes one of webtop's jobs by name; false when there is none.
CREATE OR REPLACE FUNCTION webtop_unschedule_job(job_name text) RETURNS boolean
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    removed webtop_job_registry;
BEGIN
    DELETE FROM webtop_job_registry WHERE name = job_name RETURNING * INTO removed;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM delete_job(removed.native_id::integer)
       FROM timescaledb_information.jobs j WHERE j.job_id = removed.native_id;
    RETURN true;
END
$$;

-- Every job of webtop's with its last finished run (last_status), whether one is running now and
-- how many runs failed since its last success (failures_in_a_row):
-- the ones in the registry and TimescaleDB's policies
-- on webtop's tables (refresh, retention, compression), whose kind is 'policy'.
CREATE OR REPLACE VIEW webtop_jobs AS
WITH stats AS (
    -- TimescaleDB marks "never" and "while running" with infinite times; readers want null
    SELECT s.job_id,
           CASE WHEN isfinite(s.last_run_started_at) THEN s.last_run_started_at END AS last_run_started_at,
           s.total_runs, s.total_failures,
           CASE WHEN isfinite(s.next_start) THEN s.next_start END AS next_start,
           -- the last finished run's status, also while the next run is under way
           CASE WHEN s.last_run_status = 'Success' THEN 'succeeded'
                WHEN s.last_run_status = 'Failed' THEN 'failed' END AS last_status,
           s.job_status = 'Running' AS running
      FROM timescaledb_information.job_stats s
)
SELECT j.job_id::bigint AS id, r.name, r.kind, j.schedule_interval AS schedule, j.config,
       s.last_run_started_at AS last_run, s.last_status, coalesce(s.total_runs, 0) AS total_runs,
       coalesce(s.total_failures, 0) AS failures,
       coalesce(s.next_start, CASE WHEN isfinite(j.next_start) THEN j.next_start END) AS next_run,
       coalesce(s.running, false) AS running,
       coalesce(b.consecutive_failures, 0) AS failures_in_a_row
  FROM webtop_job_registry r
  JOIN timescaledb_information.jobs j ON j.job_id = r.native_id
  LEFT JOIN stats s ON s.job_id = j.job_id
  LEFT JOIN _timescaledb_internal.bgw_job_stat b ON b.job_id = j.job_id
UNION ALL
SELECT j.job_id::bigint,
       CASE j.proc_name
           WHEN 'policy_refresh_continuous_aggregate' THEN 'refresh '
           WHEN 'policy_retention' THEN 'retention '
           ELSE 'compression ' END || coalesce(c.view_name, j.hypertable_name),
       'policy', j.schedule_interval, j.config, s.last_run_started_at, s.last_status,
       coalesce(s.total_runs, 0), coalesce(s.total_failures, 0),
       coalesce(s.next_start, CASE WHEN isfinite(j.next_start) THEN j.next_start END),
       coalesce(s.running, false),
       coalesce(b.consecutive_failures, 0)
  FROM timescaledb_information.jobs j
  LEFT JOIN timescaledb_information.continuous_aggregates c
         ON c.materialization_hypertable_name = j.hypertable_name
  LEFT JOIN stats s ON s.job_id = j.job_id
  LEFT JOIN _timescaledb_internal.bgw_job_stat b ON b.job_id = j.job_id
 WHERE j.proc_schema = '_timescaledb_functions'
   AND j.proc_name IN ('policy_refresh_continuous_aggregate', 'policy_retention',
                       'policy_compression', 'policy_columnstore')
   AND coalesce(c.view_name, j.hypertable_name)
       IN ('logs', 'domain_stats_1m', 'domain_stats_10m', 'domain_stats_1d', 'probe_results',
           'page_hourly', 'probe_hourly', 'visitor_hours', 'goal_hours', 'hourly_breakdowns');
