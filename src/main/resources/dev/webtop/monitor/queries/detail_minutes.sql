-- One domain's hits per minute over the last hour of complete minutes, zeros included.
-- Parameters: the current minute, the domain.
SELECT g.minute, coalesce(s.hits, 0)
  FROM generate_series(?::timestamptz - INTERVAL '60 minutes', ?::timestamptz - INTERVAL '1 minute',
                       INTERVAL '1 minute') AS g (minute)
  LEFT JOIN domain_stats_1m s ON s.bucket = g.minute AND s.domain = ?
 ORDER BY g.minute
