-- Removes every job of webtop's (traffic patterns and core jobs alike); returns how many.
CREATE OR REPLACE FUNCTION cleanup_all_jobs() RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    removed integer := 0;
    job_name text;
BEGIN
    FOR job_name IN SELECT name FROM webtop_job_registry ORDER BY name LOOP
        IF webtop_unschedule_job(job_name) THEN
            removed := removed + 1;
        END IF;
    END LOOP;
    RETURN removed;
END
$$;

-- Schedules a traffic pattern under the name pattern:<domain> (or the given name); scheduling
-- the same name again replaces its interval and config.
CREATE OR REPLACE FUNCTION webtop_schedule_pattern(every interval, config jsonb, job_name text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM webtop_check_pattern(config);
    RETURN webtop_schedule_job(
        coalesce(job_name, 'pattern:' || coalesce(config ->> 'domain', 'background')),
        'pattern', 'generate_log_data_job', every, config);
END
$$;

-- Back to a clean slate: every job removed, all traffic (and where ingest stood in each file and
-- record in each Kafka partition, so logs and topics are read again), aggregates, candidates, elections and statistics deleted, then only the
-- core jobs scheduled again. Settings are kept. Only webtop's own objects are touched.
CREATE OR REPLACE FUNCTION webtop_reset() RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM cleanup_all_jobs();
    TRUNCATE logs, page_hourly, visitor_hours, hourly_breakdowns, goal_hours, ingest_checkpoints, kafka_partitions,
             domain_sources, domain_live;
    PERFORM webtop_clear_aggregates();
    TRUNCATE website_candidates, election_results, elections, website_stats, webtop_pattern_state,
             domain_current;
    RETURN webtop_schedule_core_jobs();
END
$$;
