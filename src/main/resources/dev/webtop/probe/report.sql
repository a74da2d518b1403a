-- Per target over whole hours from the period's start (rounded down to its hour), from the hourly
-- aggregates, which count every check (smart mode's merged rows too): checks, uptime (ok,
-- degraded or cert_expiring), exact percentiles of the total and of each phase (times from the
-- start of a check), counts per outcome, incidents touching the period, days left on the
-- certificate that expires first in the newest chain, and the locations where it is down now.
-- Parameters: period start; target or null; location or null; whether checks made in maintenance
-- (alerts silenced) are left out of checks and uptime.
WITH params AS (
    SELECT time_bucket(INTERVAL '1 hour', ?::timestamptz) AS since, ?::text AS target, ?::text AS location,
           ?::boolean AS exclude_maintenance
), per_target AS (
    SELECT h.target,
           sum(h.checks - CASE WHEN p.exclude_maintenance THEN h.maintenance_checks ELSE 0 END) AS checks,
           sum(h.up - CASE WHEN p.exclude_maintenance THEN h.maintenance_up ELSE 0 END) AS up,
           webtop_sum_counts(h.outcomes) AS outcomes
      FROM probe_hourly h, params p
     WHERE h.bucket >= p.since
       AND (p.target IS NULL OR h.target = p.target)
       AND (p.location IS NULL OR h.location = p.location)
     GROUP BY h.target
)
SELECT t.target, t.checks, 100.0 * t.up / t.checks AS uptime_percent,
       q.total_p50, q.total_p95, q.total_p99, q.dns_p95, q.connect_p95, q.tls_p95, q.ttfb_p95, q.transfer_p95,
       (SELECT count(*) FROM probe_incidents i
         WHERE i.target = t.target AND (p.location IS NULL OR i.location = p.location)
           AND coalesce(i.ended_at, now()) >= p.since) AS incidents,
       (SELECT floor(extract(epoch FROM coalesce(r.chain_not_after, r.cert_not_after) - now()) / 86400)
          FROM probe_results r
         WHERE r.target = t.target AND r.cert_not_after IS NOT NULL
         ORDER BY r.time DESC LIMIT 1) AS cert_days_left,
       (SELECT string_agg(s.location, ',' ORDER BY s.location) FROM probe_state s
         WHERE s.target = t.target AND s.state = 'down') AS down_at,
       t.outcomes::text AS outcomes
  FROM per_target t
 CROSS JOIN params p
 CROSS JOIN LATERAL webtop_probe_percentiles(t.target, p.location, p.since, 'infinity') q
 WHERE t.checks > 0
 ORDER BY t.target
