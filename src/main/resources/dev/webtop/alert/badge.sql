-- A badge's figures for a target given by its URL, or for every target on a host: the worst
-- state now, whether one is in maintenance, and the uptime since the given time (checks made in
-- maintenance left out, as on the status page).
WITH t AS (
    SELECT DISTINCT s.target FROM probe_state s
     WHERE s.target = ? OR lower(substring(s.target FROM '^[a-z]+://([^/:?#]+)')) = lower(?)
)
SELECT (SELECT CASE WHEN bool_or(s.state = 'down') THEN 'down'
                    WHEN bool_or(s.state = 'degraded') THEN 'degraded'
                    ELSE 'up' END
          FROM probe_state s JOIN t USING (target)) AS state,
       (SELECT bool_or(webtop_silenced(t.target, NULL)) FROM t) AS maintenance,
       (SELECT 100.0 * sum(h.up - h.maintenance_up) / nullif(sum(h.checks - h.maintenance_checks), 0)
          FROM probe_hourly h JOIN t USING (target)
         WHERE h.bucket >= ?) AS uptime_percent,
       (SELECT count(*) FROM t) AS targets
