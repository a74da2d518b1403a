-- Domains in a burst now, biggest multiple of their baseline first.
SELECT domain, hits_1m, hits_10m, hits_1h, hits_1m, previous_1m, traffic_level, trend, is_burst,
       baseline_median, last_30_minutes, computed_at
  FROM domain_current
 WHERE is_burst AND (?::text IS NULL OR domain ~* ?::text)
 ORDER BY hits_1m / greatest(baseline_median, 1) DESC, domain
 LIMIT 100
