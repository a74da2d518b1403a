-- Per target over a period: checks, uptime (checks that were up: ok, degraded or cert_expiring),
-- median and 95th percentile of the total and of each phase (times from the start of a check),
-- incidents touching the period, days left on the newest certificate, and the locations where
-- it is down now. Parameters: period start; target (or null) twice; location (or null) twice.
WITH period AS (
    SELECT *
      FROM probe_results
     WHERE time >= ?::timestamptz
       AND (?::text IS NULL OR target = ?::text)
       AND (?::text IS NULL OR location = ?::text)
)
SELECT p.target,
       count(*) AS checks,
       100.0 * count(*) FILTER (WHERE p.outcome IN ('ok', 'degraded', 'cert_expiring')) / count(*) AS uptime_percent,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p.total_ms) AS p50_total_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY p.total_ms) AS p95_total_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY p.dns_ms) AS p95_dns_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY p.connect_ms) AS p95_connect_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY p.tls_ms) AS p95_tls_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY p.ttfb_ms) AS p95_ttfb_ms,
       (SELECT count(*) FROM probe_incidents i
         WHERE i.target = p.target AND coalesce(i.ended_at, now()) >= min(p.time)) AS incidents,
       floor(extract(epoch FROM max(p.cert_not_after) - now()) / 86400) AS cert_days_left,
       (SELECT string_agg(s.location, ',' ORDER BY s.location) FROM probe_state s
         WHERE s.target = p.target AND s.state = 'down') AS down_at
  FROM period p
 GROUP BY p.target
 ORDER BY p.target
