-- Storing probe results: webtop_store_probes() is the one way in. It takes a batch of checks as
-- a JSON array of objects named like probe_results' columns, and in one transaction
--   1. writes the raw rows (in smart mode merging runs of healthy checks into one row),
--   2. adds every check to the hourly aggregates (probe_hourly), exactly, whatever step 1 kept,
--   3. moves each target's state forward and opens or closes incidents,
--   4. writes the alerts that this starts or ends into the outbox.
-- The raw rows stay as measured: states and incidents live beside them.

DROP FUNCTION IF EXISTS webtop_update_probe_state();

-- A batch as rows of probe_results (columns missing from the JSON are null, checks is 1), each
-- marked as in maintenance when its target's alerts were silenced at its time.
CREATE OR REPLACE FUNCTION webtop_probe_batch(batch jsonb) RETURNS SETOF probe_results
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $$
    SELECT b.time, b.location, b.target, b.outcome, coalesce(b.responsive, false), b.failed_phase,
           b.detail, b.status, b.reason, b.dns_ms, b.connect_ms, b.tls_ms, b.ttfb_ms, b.transfer_ms,
           b.total_ms, b.body_bytes, b.final_url, coalesce(b.redirects, 0), b.remote_ip,
           b.tls_version, b.cert_not_after, NULL::timestamptz, 1, b.chain_not_after,
           -- asked once for the batch when nothing is silenced, the usual case
           CASE WHEN EXISTS (SELECT 1 FROM alert_silences) THEN webtop_silenced(b.target, NULL, b.time) ELSE false END
      FROM jsonb_populate_recordset(NULL::probe_results, batch) b
$$;

-- Counts per outcome, added key by key: {"ok": 3} + {"ok": 1, "dns_error": 1}.
CREATE OR REPLACE FUNCTION webtop_add_counts(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
      FROM (SELECT key, sum(value::bigint) AS total
              FROM (SELECT * FROM jsonb_each_text(coalesce(a, '{}'::jsonb))
                    UNION ALL
                    SELECT * FROM jsonb_each_text(coalesce(b, '{}'::jsonb))) counts
             GROUP BY key) sums
$$;

CREATE OR REPLACE AGGREGATE webtop_sum_counts(jsonb) (
    SFUNC = webtop_add_counts, STYPE = jsonb, INITCOND = '{}'
);

-- Whether an outcome counts as up for uptime: answered as required, perhaps slowly.
CREATE OR REPLACE FUNCTION webtop_probe_up(outcome text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT outcome IN ('ok', 'degraded', 'cert_expiring') $$;

CREATE OR REPLACE FUNCTION webtop_store_probes(batch jsonb, smart boolean DEFAULT false) RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    down_after integer := webtop_setting('probe.down_after')::integer;
    up_after   integer := webtop_setting('probe.up_after')::integer;
    r          probe_results;
    latest     record;
    s          probe_state;
    failed     boolean;
    stored     integer := 0;
BEGIN
    -- 1. raw rows; smart mode extends the latest row of a target and location while it and the
    --    new check are both ok and on the same day (a run never spans two daily chunks)
    IF smart THEN
        FOR r IN SELECT * FROM webtop_probe_batch(batch) ORDER BY target, location, time LOOP
            IF r.outcome = 'ok' THEN
                SELECT p.time, p.outcome, coalesce(p.last_time, p.time) AS until, p.maintenance INTO latest
                  FROM probe_results p
                 WHERE p.target = r.target AND p.location = r.location
                 ORDER BY p.time DESC
                 LIMIT 1;
                IF FOUND AND latest.outcome = 'ok' AND latest.until < r.time AND latest.maintenance = r.maintenance
                   AND time_bucket(INTERVAL '1 day', latest.time) = time_bucket(INTERVAL '1 day', r.time) THEN
                    UPDATE probe_results SET last_time = r.time, checks = checks + 1
                     WHERE target = r.target AND location = r.location AND time = latest.time;
                    CONTINUE;
                END IF;
            END IF;
            INSERT INTO probe_results VALUES (r.*);
            stored := stored + 1;
        END LOOP;
    ELSE
        INSERT INTO probe_results SELECT * FROM webtop_probe_batch(batch);
        GET DIAGNOSTICS stored = ROW_COUNT;
    END IF;

    -- 2. hourly aggregates, from every check of the batch
    INSERT INTO probe_hourly AS h (bucket, target, location, checks, up, responsive, outcomes,
                                   total_ms, dns_ms, connect_ms, tls_ms, ttfb_ms, transfer_ms,
                                   maintenance_checks, maintenance_up)
    WITH b AS (
        SELECT time_bucket(INTERVAL '1 hour', time) AS bucket, * FROM webtop_probe_batch(batch)
    ), per_outcome AS (
        SELECT bucket, target, location, jsonb_object_agg(outcome, n) AS outcomes
          FROM (SELECT bucket, target, location, outcome, count(*) AS n
                  FROM b GROUP BY bucket, target, location, outcome) o
         GROUP BY bucket, target, location
    )
    SELECT b.bucket, b.target, b.location, count(*),
           count(*) FILTER (WHERE webtop_probe_up(b.outcome)),
           count(*) FILTER (WHERE b.responsive),
           min(o.outcomes::text)::jsonb,
           array_agg(b.total_ms ORDER BY b.time),
           coalesce(array_agg(b.dns_ms ORDER BY b.time) FILTER (WHERE b.dns_ms IS NOT NULL), '{}'),
           coalesce(array_agg(b.connect_ms ORDER BY b.time) FILTER (WHERE b.connect_ms IS NOT NULL), '{}'),
           coalesce(array_agg(b.tls_ms ORDER BY b.time) FILTER (WHERE b.tls_ms IS NOT NULL), '{}'),
           coalesce(array_agg(b.ttfb_ms ORDER BY b.time) FILTER (WHERE b.ttfb_ms IS NOT NULL), '{}'),
           coalesce(array_agg(b.transfer_ms ORDER BY b.time) FILTER (WHERE b.transfer_ms IS NOT NULL), '{}'),
           count(*) FILTER (WHERE b.maintenance),
           count(*) FILTER (WHERE b.maintenance AND webtop_probe_up(b.outcome))
      FROM b
      JOIN per_outcome o USING (bucket, target, location)
     GROUP BY b.bucket, b.target, b.location
     ORDER BY b.target, b.location, b.bucket
    ON CONFLICT (target, location, bucket) DO UPDATE
       SET checks      = h.checks + EXCLUDED.checks,
           up          = h.up + EXCLUDED.up,
           responsive  = h.responsive + EXCLUDED.responsive,
           outcomes    = webtop_add_counts(h.outcomes, EXCLUDED.outcomes),
           total_ms    = h.total_ms || EXCLUDED.total_ms,
           dns_ms      = h.dns_ms || EXCLUDED.dns_ms,
           connect_ms  = h.connect_ms || EXCLUDED.connect_ms,
           tls_ms      = h.tls_ms || EXCLUDED.tls_ms,
           ttfb_ms     = h.ttfb_ms || EXCLUDED.ttfb_ms,
           transfer_ms = h.transfer_ms || EXCLUDED.transfer_ms,
           maintenance_checks = h.maintenance_checks + EXCLUDED.maintenance_checks,
           maintenance_up = h.maintenance_up + EXCLUDED.maintenance_up;

    -- 3. states, oldest check first; a check older than the state's last one (a late spool file)
    --    is history already told and moves nothing
    FOR r IN SELECT * FROM webtop_probe_batch(batch) ORDER BY target, location, time LOOP
        failed := NOT webtop_probe_up(r.outcome);
        SELECT * INTO s FROM probe_state WHERE target = r.target AND location = r.location FOR UPDATE;
        IF NOT FOUND THEN
            s := ROW(r.target, r.location, CASE WHEN r.outcome = 'degraded' THEN 'degraded' ELSE 'up' END,
                     r.time, 0, 0, NULL, r.outcome, r.time)::probe_state;
            INSERT INTO probe_state VALUES (s.*);
        ELSIF r.time <= s.last_check THEN
            CONTINUE;
        END IF;
        IF failed THEN
            s.consecutive_failures := s.consecutive_failures + 1;
            s.consecutive_successes := 0;
            s.failing_since := coalesce(s.failing_since, r.time);
            IF s.state <> 'down' AND s.consecutive_failures >= down_after THEN
                s.state := 'down';
                s.since := s.failing_since;
                INSERT INTO probe_incidents (target, location, started_at, cause, detail)
                VALUES (r.target, r.location, s.failing_since, r.outcome, r.detail);
            END IF;
        ELSE
            s.consecutive_successes := s.consecutive_successes + 1;
            s.consecutive_failures := 0;
            s.failing_since := NULL;
            IF s.state = 'down' THEN
                IF s.consecutive_successes >= up_after THEN
                    s.state := CASE WHEN r.outcome = 'degraded' THEN 'degraded' ELSE 'up' END;
                    s.since := r.time;
                    UPDATE probe_incidents SET ended_at = r.time
                     WHERE target = r.target AND location = r.location AND ended_at IS NULL;
                END IF;
            ELSIF s.state <> (CASE WHEN r.outcome = 'degraded' THEN 'degraded' ELSE 'up' END) THEN
                s.state := CASE WHEN r.outcome = 'degraded' THEN 'degraded' ELSE 'up' END;
                s.since := r.time;
            END IF;
        END IF;
        UPDATE probe_state
           SET state = s.state, since = s.since, consecutive_failures = s.consecutive_failures,
               consecutive_successes = s.consecutive_successes, failing_since = s.failing_since,
               last_outcome = r.outcome, last_check = r.time
         WHERE target = r.target AND location = r.location;
    END LOOP;

    -- 4. alerts these checks start or end, written in this transaction (see R__92_alerts.sql);
    --    without rules the batch is not read a fourth time
    IF EXISTS (SELECT 1 FROM alert_rules) THEN
        PERFORM webtop_evaluate_alerts(now(), ARRAY(SELECT DISTINCT e ->> 'target' FROM jsonb_array_elements(batch) e));
    END IF;
    RETURN stored;
END
$$;

-- p50, p95 and p99 of the total and of each phase over a target's hours in [from, to), at one
-- location or (null) all of them: exact, from the checks' own times kept in probe_hourly.
CREATE OR REPLACE FUNCTION webtop_probe_percentiles(p_target text, p_location text,
                                                    p_from timestamptz, p_to timestamptz)
RETURNS TABLE (total_p50 float8, total_p95 float8, total_p99 float8,
               dns_p50 float8, dns_p95 float8, dns_p99 float8,
               connect_p50 float8, connect_p95 float8, connect_p99 float8,
               tls_p50 float8, tls_p95 float8, tls_p99 float8,
               ttfb_p50 float8, ttfb_p95 float8, ttfb_p99 float8,
               transfer_p50 float8, transfer_p95 float8, transfer_p99 float8)
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $$
    WITH hours AS MATERIALIZED (
        SELECT * FROM probe_hourly
         WHERE target = p_target AND (p_location IS NULL OR location = p_location)
           AND bucket >= p_from AND bucket < p_to
    ), p AS (
        SELECT (SELECT percentile_cont('{0.5,0.95,0.99}'::float8[]) WITHIN GROUP (ORDER BY v)
                  FROM hours, unnest(total_ms) v) AS total,
               (SELECT percentile_cont('{0.5,0.95,0.99}'::float8[]) WITHIN GROUP (ORDER BY v)
                  FROM hours, unnest(dns_ms) v) AS dns,
               (SELECT percentile_cont('{0.5,0.95,0.99}'::float8[]) WITHIN GROUP (ORDER BY v)
                  FROM hours, unnest(connect_ms) v) AS connect,
               (SELECT percentile_cont('{0.5,0.95,0.99}'::float8[]) WITHIN GROUP (ORDER BY v)
                  FROM hours, unnest(tls_ms) v) AS tls,
               (SELECT percentile_cont('{0.5,0.95,0.99}'::float8[]) WITHIN GROUP (ORDER BY v)
                  FROM hours, unnest(ttfb_ms) v) AS ttfb,
               (SELECT percentile_cont('{0.5,0.95,0.99}'::float8[]) WITHIN GROUP (ORDER BY v)
                  FROM hours, unnest(transfer_ms) v) AS transfer
    )
    SELECT total[1], total[2], total[3], dns[1], dns[2], dns[3], connect[1], connect[2], connect[3],
           tls[1], tls[2], tls[3], ttfb[1], ttfb[2], ttfb[3], transfer[1], transfer[2], transfer[3]
      FROM p
$$;

-- The probe aggregates people query: per hour and per day, target and location, with uptime,
-- counts per outcome and the percentiles of every phase.
DROP VIEW IF EXISTS probe_stats_1h, probe_stats_1d;

CREATE VIEW probe_stats_1h AS
SELECT h.bucket, h.target, h.location, h.checks, h.up,
       round(100.0 * h.up / h.checks, 3) AS uptime_percent, h.responsive, h.outcomes, p.*
  FROM probe_hourly h
 CROSS JOIN LATERAL webtop_probe_percentiles(h.target, h.location, h.bucket, h.bucket + INTERVAL '1 hour') p;

CREATE VIEW probe_stats_1d AS
SELECT d.day, d.target, d.location, d.checks, d.up,
       round(100.0 * d.up / d.checks, 3) AS uptime_percent, d.responsive, d.outcomes, p.*
  FROM (SELECT time_bucket(INTERVAL '1 day', bucket) AS day, target, location,
               sum(checks)::bigint AS checks, sum(up)::bigint AS up,
               sum(responsive)::bigint AS responsive, webtop_sum_counts(outcomes) AS outcomes
          FROM probe_hourly
         GROUP BY 1, 2, 3) d
 CROSS JOIN LATERAL webtop_probe_percentiles(d.target, d.location, d.day, d.day + INTERVAL '1 day') p;
