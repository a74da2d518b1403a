-- The parts of the job adapter that both editions share; R__20_jobs.sql in sql/timescale and
-- sql/apache schedules with the edition's scheduler.

-- Intervals any scheduler of webtop's accepts: at least a second.
CREATE OR REPLACE FUNCTION webtop_check_interval(every interval) RETURNS interval
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    IF every IS NULL OR every < INTERVAL '1 second' THEN
        RAISE EXCEPTION 'a job interval must be at least 1 second, not %', coalesce(every::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN every;
END
$$;

-- Runs one of webtop's jobs by name in this session: what pg_cron calls on the Apache edition,
-- and a way to run any job now on either edition.
CREATE OR REPLACE PROCEDURE webtop_run_job(job_name text)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    job webtop_job_registry;
BEGIN
    SELECT * INTO job FROM webtop_job_registry WHERE name = job_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'webtop has no job named "%"', job_name;
    END IF;
    EXECUTE format('CALL %s($1, $2)', job.proc::regproc) USING job.native_id::integer, job.config;
END
$$;

-- Records one of webtop's jobs by name with its scheduler's id, replacing what the name had:
-- where both editions' webtop_schedule_job end. Returns the id.
CREATE OR REPLACE FUNCTION webtop_register_job(job_name text, job_kind text, job_proc text, every interval,
                                               job_config jsonb, job_id bigint)
RETURNS bigint
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    INSERT INTO webtop_job_registry (name, kind, proc, schedule_interval, config, native_id)
    VALUES (job_name, job_kind, job_proc, every, job_config, job_id)
    ON CONFLICT (name) DO UPDATE
        SET kind = EXCLUDED.kind, proc = EXCLUDED.proc,
            schedule_interval = EXCLUDED.schedule_interval, config = EXCLUDED.config,
            native_id = EXCLUDED.native_id
    RETURNING native_id
$$;

-- How many jobs keep the pipeline going, as webtop_jobs lists them: webtop's core jobs and, on
-- the community edition, TimescaleDB's policies on its tables.
CREATE OR REPLACE FUNCTION webtop_core_jobs_scheduled() RETURNS integer
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN (SELECT count(*) FROM webtop_jobs WHERE kind IN ('core', 'policy'));
END
$$;
