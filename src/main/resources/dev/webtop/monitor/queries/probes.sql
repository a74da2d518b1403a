-- The current targets and their state at each location: the kept targets (./webtop probe add),
-- those not checked yet as "pending"; without kept targets, those checked in the last day (cron
-- runs of ./webtop probe URL). For each: last check, uptime over the last 24 whole hours and this
-- one (from the hourly aggregates), the total times of its last 30 stored rows (oldest first)
-- and days left on its newest certificate chain, when its open incident began and whether its
-- alerts are silenced now. Down first.
WITH current AS (
    SELECT url AS target FROM probe_targets
    UNION
    SELECT DISTINCT target FROM probe_state
     WHERE last_check >= now() - INTERVAL '1 day' AND NOT EXISTS (SELECT 1 FROM probe_targets)
), s AS (
    SELECT c.target, coalesce(p.location, '-') AS location, coalesce(p.state, 'pending') AS state,
           p.last_check, p.last_outcome
      FROM current c
      LEFT JOIN probe_state p ON p.target = c.target
)
SELECT s.target, s.location, s.state, s.last_check, s.last_outcome,
       (SELECT 100.0 * sum(h.up) / nullif(sum(h.checks), 0)
          FROM probe_hourly h
         WHERE h.target = s.target AND h.location = s.location
           AND h.bucket >= time_bucket(INTERVAL '1 hour', now() - INTERVAL '24 hours')) AS uptime_24h,
       ARRAY(SELECT x.total_ms::float8 FROM (
                 SELECT r.time, r.total_ms FROM probe_results r
                  WHERE r.target = s.target AND r.location = s.location
                  ORDER BY r.time DESC LIMIT 30) x
             ORDER BY x.time) AS latencies,
       (SELECT floor(extract(epoch FROM coalesce(r.chain_not_after, r.cert_not_after) - now()) / 86400)::bigint
          FROM probe_results r
         WHERE r.target = s.target AND r.cert_not_after IS NOT NULL
         ORDER BY r.time DESC LIMIT 1) AS cert_days,
       (SELECT min(i.started_at) FROM probe_incidents i
         WHERE i.target = s.target AND i.location = s.location AND i.ended_at IS NULL) AS incident_since,
       webtop_silenced(s.target, NULL) AS silenced
  FROM s
 ORDER BY CASE s.state WHEN 'down' THEN 0 WHEN 'degraded' THEN 1 ELSE 2 END, s.target, s.location
 LIMIT 100
