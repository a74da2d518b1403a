-- Moves every target's state forward over the results it has not seen yet, oldest first, and
-- opens or closes incidents. Run after each batch of results (spooled ones included, which may
-- be older than the last check: they are applied in time order only if newer than it).
CREATE OR REPLACE FUNCTION webtop_update_probe_state() RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    down_after integer := webtop_setting('probe.down_after')::integer;
    up_after   integer := webtop_setting('probe.up_after')::integer;
    r          record;
    s          probe_state;
    failed     boolean;
    applied    integer := 0;
BEGIN
    FOR r IN
        SELECT p.target, p.location, p.time, p.outcome, p.detail
          FROM probe_results p
          LEFT JOIN probe_state st ON st.target = p.target AND st.location = p.location
         WHERE st.last_check IS NULL OR p.time > st.last_check
         ORDER BY p.target, p.location, p.time
    LOOP
        failed := r.outcome NOT IN ('ok', 'degraded', 'cert_expiring');
        SELECT * INTO s FROM probe_state WHERE target = r.target AND location = r.location FOR UPDATE;
        IF NOT FOUND THEN
            s := ROW(r.target, r.location, CASE WHEN r.outcome = 'degraded' THEN 'degraded' ELSE 'up' END,
                     r.time, 0, 0, NULL, r.outcome, r.time)::probe_state;
            INSERT INTO probe_state VALUES (s.*);
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
        applied := applied + 1;
    END LOOP;
    RETURN applied;
END
$$;
