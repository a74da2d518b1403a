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
