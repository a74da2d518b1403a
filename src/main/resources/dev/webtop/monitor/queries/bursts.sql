-- Domains in a burst now, biggest multiple of their baseline first, with their hits in the minute
-- under way. Parameters: the filter regex (or null) twice, the source (or null) twice.
SELECT c.domain, hits_1m, hits_10m, hits_1h, hits_1m, previous_1m, traffic_level, trend, is_burst,
       baseline_median, last_30_minutes, coalesce(l.hits, 0), computed_at
  FROM domain_current c
  LEFT JOIN domain_live l ON l.domain = c.domain AND l.minute = time_bucket(INTERVAL '1 minute', now())
 WHERE is_burst AND (?::text IS NULL OR c.domain ~* ?::text)
   AND (?::text IS NULL OR c.domain IN (SELECT domain FROM domain_sources
                                         WHERE source = ?::text AND last_seen >= now() - INTERVAL '1 day'))
 ORDER BY hits_1m / greatest(baseline_median, 1) DESC, c.domain
 LIMIT 100
