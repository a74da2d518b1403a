-- Deciding alerts. webtop_evaluate_alerts() compares what the rules see now with what is firing
-- (alert_firing) and writes every change as messages into alert_outbox, in the caller's
-- transaction: webtop_store_probes() calls it for the targets it has just stored (so the
-- transaction that opens an incident also writes its alert), the webtop-alerts job calls it for
-- everything. Dispatchers (`webtop serve`, `probe --every`, `webtop alert dispatch`) send.

-- A length of time as people write it: "45 s", "12 min", "3 h 5 min", "2 d 4 h".
CREATE OR REPLACE FUNCTION webtop_alert_duration(d interval) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE
        WHEN s < 60 THEN s || ' s'
        WHEN s < 3600 THEN s / 60 || ' min'
        WHEN s < 86400 THEN s / 3600 || ' h' || CASE WHEN s % 3600 >= 60 THEN ' ' || s % 3600 / 60 || ' min' ELSE '' END
        ELSE s / 86400 || ' d' || CASE WHEN s % 86400 >= 3600 THEN ' ' || s % 86400 / 3600 || ' h' ELSE '' END
    END
      FROM (SELECT greatest(extract(epoch FROM d), 0)::bigint AS s) x
$$;

-- What fires at `at`: one row per rule and subject (a target or a domain), with when it began
-- and a one-line summary. only_targets limits it to the probe rules of those targets.
CREATE OR REPLACE FUNCTION webtop_alert_conditions(at timestamptz, only_targets text[])
RETURNS TABLE (rule_id bigint, subject text, since timestamptz, summary text)
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp
AS $$
DECLARE
    last_hour timestamptz := date_trunc('hour', at) - INTERVAL '1 hour';
BEGIN
    -- a target down from at least `locations` locations
    RETURN QUERY
    SELECT r.id, s.target, min(s.since) FILTER (WHERE s.state = 'down'),
           format('%s is down from %s%s: %s', s.target,
                  string_agg(s.location, ', ' ORDER BY s.location) FILTER (WHERE s.state = 'down'),
                  CASE WHEN count(*) > 1
                       THEN format(' (%s of %s locations)', count(*) FILTER (WHERE s.state = 'down'), count(*))
                       ELSE '' END,
                  (SELECT i.cause || coalesce(' (' || i.detail || ')', '')
                     FROM probe_incidents i
                    WHERE i.target = s.target AND i.ended_at IS NULL
                    ORDER BY i.started_at LIMIT 1))
      FROM alert_rules r
      JOIN probe_state s ON r.target IS NULL OR s.target = r.target
     WHERE r.kind = 'down' AND (only_targets IS NULL OR s.target = ANY (only_targets))
     GROUP BY r.id, r.locations, s.target
    HAVING count(*) FILTER (WHERE s.state = 'down') >= r.locations;

    -- a target's last `checks` checks from one location all degraded (too slow)
    RETURN QUERY
    SELECT DISTINCT ON (r.id, s.target) r.id, s.target, l.first,
           format('%s is slow: its last %s checks from %s were over the latency limit (last %s ms)',
                  s.target, r.checks, s.location, round(l.last_ms::numeric))
      FROM alert_rules r
      JOIN probe_state s ON r.target IS NULL OR s.target = r.target
     CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE p.outcome = 'degraded') AS degraded, count(*) AS checks,
                min(p.time) AS first, (array_agg(p.total_ms ORDER BY p.time DESC))[1] AS last_ms
           FROM (SELECT p.outcome, p.time, p.total_ms FROM probe_results p
                  WHERE p.target = s.target AND p.location = s.location
                  ORDER BY p.time DESC LIMIT r.checks) p
     ) l
     WHERE r.kind = 'slow' AND (only_targets IS NULL OR s.target = ANY (only_targets))
       AND s.last_outcome = 'degraded'   -- else its last checks cannot all be: no need to read them
       AND l.checks = r.checks AND l.degraded = r.checks
     ORDER BY r.id, s.target, l.first;

    -- a certificate chain that ends within `days` days, as the target's latest check saw it
    RETURN QUERY
    SELECT r.id, t.target, c.ends - r.days * INTERVAL '1 day',
           format('the certificate of %s ends in %s days, on %s', t.target,
                  floor(extract(epoch FROM c.ends - at) / 86400), to_char(c.ends AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'))
      FROM alert_rules r
      JOIN (SELECT DISTINCT s.target FROM probe_state s) t ON r.target IS NULL OR t.target = r.target
     CROSS JOIN LATERAL (
         SELECT least(p.cert_not_after, p.chain_not_after) AS ends
           FROM probe_results p
          WHERE p.target = t.target AND (p.cert_not_after IS NOT NULL OR p.chain_not_after IS NOT NULL)
          ORDER BY p.time DESC LIMIT 1
     ) c
     WHERE r.kind = 'certificate' AND (only_targets IS NULL OR t.target = ANY (only_targets))
       AND c.ends < at + r.days * INTERVAL '1 day';

    IF only_targets IS NOT NULL THEN
        RETURN;
    END IF;

    -- a job failing again and again
    RETURN QUERY
    SELECT r.id, j.name, coalesce(j.last_run, at),
           format('job %s failed %s times in a row (the last run started %s)', j.name, j.failures_in_a_row,
                  to_char(j.last_run AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'))
      FROM alert_rules r
      JOIN webtop_jobs j ON r.job IS NULL OR j.name = r.job
     WHERE r.kind = 'job' AND j.failures_in_a_row >= r.failures;

    -- an access log that `webtop ingest --follow` reads and that delivered nothing for `quiet` (among
    -- logs read in the last week, or already quiet)
    RETURN QUERY
    SELECT r.id, c.source, c.updated_at + r.quiet,
           format('%s delivered no line for %s (the last at %s)', c.source,
                  webtop_alert_duration(at - c.updated_at),
                  to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'))
      FROM alert_rules r
      JOIN ingest_checkpoints c ON c.source = r.source OR (r.source IS NULL AND c.source LIKE '/%')
     WHERE r.kind = 'source' AND c.updated_at < at - r.quiet
       AND (c.updated_at >= at - INTERVAL '7 days'
            OR EXISTS (SELECT 1 FROM alert_firing f WHERE f.rule_id = r.id AND f.subject = c.source));

    -- a domain's burst, as the dashboard decides it
    IF EXISTS (SELECT 1 FROM alert_rules WHERE kind = 'burst') THEN
        RETURN QUERY
        SELECT r.id, t.domain, time_bucket(INTERVAL '1 minute', at) - INTERVAL '1 minute',
               format('%s bursts: %s page views in the last minute, against a usual %s a minute',
                      t.domain, t.hits_last_minute, round(t.baseline_median::numeric, 1))
          FROM alert_rules r
          JOIN monitor_traffic_patterns(at) t ON r.domain IS NULL OR t.domain = r.domain
         WHERE r.kind = 'burst' AND t.is_burst;
    END IF;

    -- a domain gone dark: no page view for `quiet` (among domains seen in the last week, or
    -- already dark), or the last full hour under below_percent of that hour in the weeks before.
    -- A rule for every domain watches those with real visitors (the collector, access logs), not
    -- the synthetic load of generate and the pattern jobs, which comes and goes by design.
    RETURN QUERY
    SELECT DISTINCT ON (d.id, d.domain) d.id, d.domain, d.since, d.summary
      FROM (
        SELECT r.id, s.domain, s.last_seen + r.quiet AS since,
               format('%s has had no page view for %s (the last at %s)', s.domain,
                      webtop_alert_duration(at - s.last_seen),
                      to_char(s.last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"')) AS summary
          FROM alert_rules r
          JOIN (SELECT ds.domain, max(ds.last_seen) AS last_seen,
                       max(ds.last_seen) FILTER (WHERE ds.source IN ('client', 'access_log')) AS last_visit
                  FROM domain_sources ds GROUP BY ds.domain) s
            ON (r.domain IS NULL AND s.last_visit IS NOT NULL) OR s.domain = r.domain
         WHERE r.kind = 'dark' AND r.quiet IS NOT NULL AND s.last_seen < at - r.quiet
           AND (s.last_seen >= at - INTERVAL '7 days'
                OR EXISTS (SELECT 1 FROM alert_firing f WHERE f.rule_id = r.id AND f.subject = s.domain))
        UNION ALL
        SELECT r.id, h.domain, last_hour + INTERVAL '1 hour',
               format('%s had %s page views from %s to %s UTC, %s %% of the usual %s for that hour of the week',
                      h.domain, h.views, to_char(last_hour AT TIME ZONE 'UTC', 'Dy HH24:00'),
                      to_char((last_hour + INTERVAL '1 hour') AT TIME ZONE 'UTC', 'HH24:00'),
                      round(100 * h.views / h.usual), round(h.usual))
          FROM alert_rules r
         CROSS JOIN LATERAL (
             SELECT p.domain, coalesce(sum(p.views) FILTER (WHERE p.bucket = last_hour), 0) AS views,
                    sum(p.views) FILTER (WHERE p.bucket < last_hour)
                        / nullif(count(DISTINCT p.bucket) FILTER (WHERE p.bucket < last_hour), 0) AS usual
               FROM page_hourly p
              WHERE p.bucket IN (last_hour, last_hour - INTERVAL '7 days', last_hour - INTERVAL '14 days',
                                 last_hour - INTERVAL '21 days', last_hour - INTERVAL '28 days')
                AND (p.domain = r.domain
                     OR (r.domain IS NULL AND p.domain IN (SELECT ds.domain FROM domain_sources ds
                                                           WHERE ds.source IN ('client', 'access_log'))))
              GROUP BY p.domain
         ) h
         WHERE r.kind = 'dark' AND r.below_percent IS NOT NULL
           AND h.usual >= 10 AND h.views < h.usual * r.below_percent / 100
      ) d
     ORDER BY d.id, d.domain, d.since;
END
$$;

-- Moves alert_firing to what fires at `at` and writes each change into the outbox, once per
-- channel of the rule: a new alert (unless silenced), its resolution (when its firing was sent),
-- a reminder, and an alert whose silence ended while it still fires. Evaluations take turns (a
-- transaction-level advisory lock), and only the transaction that inserts or deletes a firing row
-- writes its message. Returns how many messages it wrote.
CREATE OR REPLACE FUNCTION webtop_evaluate_alerts(at timestamptz DEFAULT now(), only_targets text[] DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    written integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM alert_rules) THEN
        RETURN 0;
    END IF;
    -- one evaluation at a time, each seeing what the one before committed: otherwise the job,
    -- looking at a target's state from before a store that resolves it, could fire it again
    PERFORM pg_advisory_xact_lock(hashtext('webtop_evaluate_alerts'));
    WITH now_firing AS (
        SELECT c.*, webtop_silenced(c.subject, c.subject, at) AS silenced
          FROM webtop_alert_conditions(at, only_targets) c
    ), started AS (
        INSERT INTO alert_firing AS f (rule_id, subject, since, summary, notified, last_told_at)
        SELECT c.rule_id, c.subject, coalesce(c.since, at), c.summary, NOT c.silenced,
               CASE WHEN NOT c.silenced THEN at END
          FROM now_firing c
         ORDER BY c.rule_id, c.subject
        ON CONFLICT (rule_id, subject) DO NOTHING
        RETURNING f.*
    ), ended AS (
        DELETE FROM alert_firing f
         USING alert_rules r
         WHERE r.id = f.rule_id
           AND r.kind <> 'database'   -- told by serve, which sees the database away
           AND (only_targets IS NULL OR (r.kind IN ('down', 'slow', 'certificate') AND f.subject = ANY (only_targets)))
           AND NOT EXISTS (SELECT 1 FROM now_firing c WHERE c.rule_id = f.rule_id AND c.subject = f.subject)
        RETURNING f.*
    ), told_late AS (
        -- silenced when it began, still firing now that the silence is over
        UPDATE alert_firing f SET notified = true, last_told_at = at
          FROM now_firing c
         WHERE c.rule_id = f.rule_id AND c.subject = f.subject AND NOT f.notified AND NOT c.silenced
        RETURNING f.*
    ), reminded AS (
        UPDATE alert_firing f SET last_told_at = at
          FROM now_firing c, alert_rules r
         WHERE c.rule_id = f.rule_id AND c.subject = f.subject AND r.id = f.rule_id
           AND f.notified AND NOT c.silenced AND r.remind_every IS NOT NULL
           AND f.last_told_at + r.remind_every <= at
        RETURNING f.rule_id, f.subject, f.since, c.summary
    ), changes AS (
        SELECT rule_id, subject, 'firing' AS event, since AS occurred_at, summary FROM started WHERE notified
        UNION ALL
        SELECT e.rule_id, e.subject, 'resolved', at,
               format('%s %s after %s (it was: %s)', e.subject,
                      CASE r.kind WHEN 'down' THEN 'is up again' WHEN 'slow' THEN 'is fast again'
                                  WHEN 'certificate' THEN 'has a certificate far from its end'
                                  WHEN 'burst' THEN 'is back to its usual traffic'
                                  WHEN 'job' THEN 'ran successfully again'
                                  WHEN 'source' THEN 'delivers lines again'
                                  ELSE 'has page views again' END,
                      webtop_alert_duration(at - e.since), e.summary)
          FROM ended e JOIN alert_rules r ON r.id = e.rule_id
         WHERE e.notified
        UNION ALL
        SELECT rule_id, subject, 'firing', since, summary FROM told_late
        UNION ALL
        SELECT rule_id, subject, 'reminder', at,
               format('still firing after %s: %s', webtop_alert_duration(at - since), summary)
          FROM reminded
    )
    INSERT INTO alert_outbox (channel, rule_id, event, kind, subject, summary, occurred_at)
    SELECT ro.channel, c.rule_id, c.event, r.kind, c.subject, c.summary, c.occurred_at
      FROM changes c
      JOIN alert_rules r ON r.id = c.rule_id
      JOIN alert_routes ro ON ro.rule_id = c.rule_id
     ORDER BY c.occurred_at, c.rule_id, c.subject, ro.channel;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;

-- The webtop-alerts job: looks at every rule, then lets sent messages age out of the outbox.
CREATE OR REPLACE PROCEDURE webtop_alerts_job(job_id integer, config jsonb)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM webtop_evaluate_alerts(now(), NULL);
    DELETE FROM alert_outbox
     WHERE state <> 'pending' AND created_at < now() - webtop_setting('alerts.keep_sent')::interval;
END
$$;
