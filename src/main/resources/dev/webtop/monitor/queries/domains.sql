-- Every active domain as the webtop-current job last computed it (table domain_current): one
-- row per domain. {window} and {previous} are the chosen window's columns.
SELECT domain, hits_1m, hits_10m, hits_1h, {window}, {previous}, traffic_level, trend, is_burst,
       baseline_median, last_30_minutes, computed_at
  FROM domain_current
