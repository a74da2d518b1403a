-- Domains in a burst now, biggest multiple of their baseline first. Parameters: the filter regex
-- (or null) twice, the source (or null) twice.
SELECT domain, hits_1m, hits_10m, hits_1h, hits_1m, previous_1m, traffic_level, trend, is_burst,
       baseline_median, last_30_minutes, computed_at
  FROM domain_current
 WHERE is_burst AND (?::text IS NULL OR domain ~* ?::text)
   AND (?::text IS NULL OR domain IN (SELECT domain FROM domain_sources
                                       WHERE source = ?::text AND last_seen >= now() - INTERVAL '1 day'))
 ORDER BY hits_1m / greatest(baseline_median, 1) DESC, domain
 LIMIT 100
