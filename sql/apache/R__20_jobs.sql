-- The job adapter, Apache edition: webtop's jobs are pg_cron jobs, known by name in
-- webtop_job_registry. pg_cron runs `CALL webtop_run_job('name')`, which looks up the procedure
-- and its config, so rescheduling changes the registry and the cron schedule, never the command.
-- The community edition has the same functions over TimescaleDB's add_job.

-- pg_cron's schedule for an interval. pg_cron runs 1-59 second intervals itself; longer ones
-- must be cron expressions, which only repeat evenly when the step divides the hour or the day.
CREATE OR REPLACE FUNCTION webtop_cron_schedule(every interval) RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    seconds numeric := extract(epoch FROM webtop_check_interval(every));
BEGIN
    IF seconds = trunc(seconds) THEN
        IF seconds < 60 THEN
            RETURN seconds::bigint || ' seconds';
        ELSIF seconds = 60 THEN
            RETURN '* * * * *';
        ELSIF seconds < 3600 AND seconds % 60 = 0 AND 60 % (seconds / 60) = 0 THEN
            RETURN '*/' || (seconds / 60)::bigint || ' * * * *';
        ELSIF seconds = 3600 THEN
            RETURN '0 * * * *';
        ELSIF seconds < 86400 AND seconds % 3600 = 0 AND 24 % (seconds / 3600) = 0 THEN
            RETURN '0 */' || (seconds / 3600)::bigint || ' * * *';
        ELSIF seconds = 86400 THEN
            RETURN '0 0 * * *';
        END IF;
    END IF;
    RAISE EXCEPTION 'pg_cron cannot run a job every %: use 1 to 59 seconds, a number of minutes that divides an hour, a number of hours that divides a day, or 1 day', every
        USING ERRCODE = 'invalid_parameter_value';
END
$$;

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
    job_id bigint;
BEGIN
    PERFORM job_proc::regproc;
    -- pg_cron runs a job at the next time its schedule names, so run_now changes nothing here
    -- cron.schedule with a name is an upsert, so the id stays when a job is rescheduled
    job_id := cron.schedule(job_name, webtop_cron_schedule(every),
                            format('CALL webtop_run_job(%L)', job_name));
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
    PERFORM cron.unschedule(jobid) FROM cron.job WHERE jobid = removed.native_id;
    DELETE FROM webtop_cron_run_totals WHERE jobid = removed.native_id;
    RETURN true;
END
$$;

-- pg_cron's run log grows by a row per run and is never cleaned by pg_cron itself; this folds
-- finished runs older than keep into webtop_cron_run_totals and deletes them, except each job's
-- latest run, which webtop_jobs shows, and the failures since its last success.
CREATE OR REPLACE FUNCTION webtop_purge_cron_history(keep interval) RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    purged bigint;
BEGIN
    WITH gone AS (
        DELETE FROM cron.job_run_details
         WHERE end_time < now() - keep AND status IN ('succeeded', 'failed')
           AND runid NOT IN (SELECT max(runid) FROM cron.job_run_details GROUP BY jobid)
           -- a job's current run of failures stays (its newest 1000), for the alert on jobs
           -- failing again and again
           AND runid NOT IN (
               SELECT streak.runid
                 FROM (SELECT f.runid, row_number() OVER (PARTITION BY f.jobid ORDER BY f.runid DESC) AS n
                         FROM cron.job_run_details f
                        WHERE f.status = 'failed'
                          AND f.runid > coalesce((SELECT max(s.runid) FROM cron.job_run_details s
                                                   WHERE s.jobid = f.jobid AND s.status = 'succeeded'), 0)) streak
                WHERE streak.n <= 1000)
        RETURNING jobid, status
    ), counted AS (
        INSERT INTO webtop_cron_run_totals AS t (jobid, runs, failures)
        SELECT jobid, count(*), count(*) FILTER (WHERE status = 'failed') FROM gone GROUP BY jobid
        ON CONFLICT (jobid) DO UPDATE
            SET runs = t.runs + EXCLUDED.runs, failures = t.failures + EXCLUDED.failures
        RETURNING runs
    )
    SELECT count(*) INTO purged FROM gone;
    RETURN purged;
END
$$;

-- Every job of webtop's with its last finished run (last_status), whether one is running now and
-- how many runs failed since its last success, from the registry and pg_cron's run log.
CREATE OR REPLACE VIEW webtop_jobs AS
SELECT c.jobid AS id, r.name, r.kind, r.schedule_interval AS schedule, r.config,
       d.last_run,
       d.last_status,
       coalesce(d.runs, 0) + coalesce(t.runs, 0) AS total_runs,
       coalesce(d.failures, 0) + coalesce(t.failures, 0) AS failures,
       -- pg_cron runs a schedule of seconds that long after its last run (or at once), and any
       -- other at the next boundary of its interval (minutes, hours, midnight UTC), run before or not
       CASE WHEN NOT c.active THEN NULL
            WHEN r.schedule_interval < INTERVAL '1 minute'
                THEN greatest(coalesce(d.last_run + r.schedule_interval, now()), now())
            ELSE time_bucket(r.schedule_interval, now()) + r.schedule_interval END AS next_run,
       coalesce(d.running, false) AS running,
       coalesce(d.failures_in_a_row, 0) AS failures_in_a_row
  FROM webtop_job_registry r
  JOIN cron.job c ON c.jobid = r.native_id
  LEFT JOIN webtop_cron_run_totals t ON t.jobid = c.jobid
  LEFT JOIN LATERAL (
      SELECT max(start_time) AS last_run,
             -- the last finished run's status, also while the next run is under way
             (array_agg(status ORDER BY start_time DESC NULLS LAST)
                 FILTER (WHERE status IN ('succeeded', 'failed')))[1] AS last_status,
             bool_or(status IN ('starting', 'running', 'sending', 'connecting')) AS running,
             count(*) AS runs,
             count(*) FILTER (WHERE status = 'failed') AS failures,
             count(*) FILTER (WHERE status = 'failed'
                                AND runid > coalesce((SELECT max(y.runid) FROM cron.job_run_details y
                                                       WHERE y.jobid = c.jobid AND y.status = 'succeeded'), 0))
                 AS failures_in_a_row
        FROM cron.job_run_details x
       WHERE x.jobid = c.jobid
  ) d ON true;
