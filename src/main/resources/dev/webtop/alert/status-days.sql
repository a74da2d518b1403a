-- Checks and checks up per target and day (UTC) since the first day shown, those made in
-- maintenance left out: the status page's bars.
SELECT h.target, time_bucket(INTERVAL '1 day', h.bucket) AS day,
       sum(h.checks - h.maintenance_checks) AS checks, sum(h.up - h.maintenance_up) AS up
  FROM probe_hourly h
 WHERE h.bucket >= ?
 GROUP BY 1, 2
 ORDER BY 1, 2
