-- The status page's targets: the kept ones (webtop probe add), or without any every target
-- checked since the first day shown (cron runs of webtop probe URL); each with its worst
-- state over its locations, how many locations see it down, its newest check, whether it is in
-- maintenance (its alerts silenced now) and its uptime since that day (from the hourly
-- aggregates, which count every check; checks made in maintenance are left out).
SELECT s.target,
       CASE WHEN bool_or(s.state = 'down') THEN 'down'
            WHEN bool_or(s.state = 'degraded') THEN 'degraded'
            ELSE 'up' END AS state,
       count(*) FILTER (WHERE s.state = 'down') AS down_locations,
       count(*) AS locations,
       max(s.last_check) AS last_check,
       webtop_silenced(s.target, NULL) AS maintenance,
       (SELECT 100.0 * sum(h.up - h.maintenance_up) / nullif(sum(h.checks - h.maintenance_checks), 0)
          FROM probe_hourly h
         WHERE h.target = s.target AND h.bucket >= ?) AS uptime_percent
  FROM probe_state s
 GROUP BY s.target
HAVING max(s.last_check) >= ?
   AND (s.target IN (SELECT url FROM probe_targets) OR NOT EXISTS (SELECT 1 FROM probe_targets))
 ORDER BY s.target
