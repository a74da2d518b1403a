-- Each probed target and location: its state, last check, uptime over the last 24 whole hours and
-- this one (from the hourly aggregates), the total times of its last 30 stored rows (oldest
-- first) and days left on its newest certificate chain. Down first.
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
         ORDER BY r.time DESC LIMIT 1) AS cert_days
  FROM probe_state s
 ORDER BY CASE s.state WHEN 'down' THEN 0 WHEN 'degraded' THEN 1 ELSE 2 END, s.target, s.location
 LIMIT 100
