-- Continuous aggregates notice changed rows themselves, but their refresh policies look back only
-- minutes to days, and until a refresh a bucket already materialised still shows its old count.
-- So webtop's writers refresh the buckets they wrote into that the policies already passed,
-- right after committing them.

DROP FUNCTION IF EXISTS webtop_rollup_backfill(timestamptz);

-- Where each level's refresh policy materialises up to (its end_offset, see R__70_core_jobs.sql):
-- later buckets are computed on the fly from the level below.
CREATE OR REPLACE FUNCTION webtop_materialised_until(width interval) RETURNS timestamptz
LANGUAGE sql STABLE
AS $$
    SELECT time_bucket(width, now() - CASE width WHEN INTERVAL '1 minute' THEN INTERVAL '1 minute'
                                                 WHEN INTERVAL '10 minutes' THEN INTERVAL '10 minutes'
                                                 ELSE INTERVAL '1 hour' END)
$$;

-- Called by webtop_record_batch with a batch's figures per domain and minute: returns the minutes
-- that its writer must refresh once committed (webtop_aggregate_range), null when none lies
-- where a policy already materialised.
CREATE OR REPLACE FUNCTION webtop_count_minutes(domains text[], minutes timestamptz[], hits bigint[],
                                                bot_hits bigint[], errors_4xx bigint[],
                                                errors_5xx bigint[], bytes bigint[],
                                                response_ms_sum bigint[], response_ms_count bigint[],
                                                response_ms_max integer[])
RETURNS tstzrange
LANGUAGE sql STABLE
AS $$
    SELECT tstzrange(min(m), max(m) + INTERVAL '1 minute')
      FROM unnest(minutes) AS m
    HAVING min(m) < webtop_materialised_until(INTERVAL '1 minute')
$$;

-- Refreshes the three levels over [from_time, to_time): for rows written there after the
-- policies materialised it (history, late lines, rows other programs wrote). Buckets the
-- policies have not reached yet are left to them and read on the fly meanwhile.
-- Call it with CALL, outside a transaction block.
CREATE OR REPLACE PROCEDURE webtop_aggregate_range(from_time timestamptz, to_time timestamptz)
LANGUAGE plpgsql
AS $$
DECLARE
    level record;
    lo timestamptz;
    hi timestamptz;
BEGIN
    FOR level IN VALUES ('domain_stats_1m', INTERVAL '1 minute'),
                        ('domain_stats_10m', INTERVAL '10 minutes'),
                        ('domain_stats_1d', INTERVAL '1 day') LOOP
        lo := time_bucket(level.column2, from_time);
        hi := least(time_bucket(level.column2, to_time) + level.column2,
                    webtop_materialised_until(level.column2));
        IF lo < hi THEN
            CALL refresh_continuous_aggregate(level.column1::regclass, lo, hi);
        END IF;
    END LOOP;
END
$$;
