-- The busiest active domains as the webtop-current job last computed them (table domain_current),
-- filtered and sorted as the dashboard shows them, with how many match and the window's total
-- over every domain. The order and limit are found on the narrow columns first, so that only
-- the rows shown carry their sparkline arrays. {window} and {previous} are the chosen window's
-- columns, {order} the sort. A source (or null) keeps to domains with traffic from it in the
-- last day (domain_sources). Parameters: the filter regex (or null) twice, the source twice, the
-- row limit, the filter twice, the source twice.
WITH shown AS (
    SELECT domain
      FROM domain_current
     WHERE (?::text IS NULL OR domain ~* ?::text)
       AND (?::text IS NULL OR domain IN (SELECT domain FROM domain_sources
                                           WHERE source = ?::text AND last_seen >= now() - INTERVAL '1 day'))
     ORDER BY {order}
     LIMIT ?
)
SELECT domain, hits_1m, hits_10m, hits_1h, {window}, {previous}, traffic_level, trend, is_burst,
       baseline_median, last_30_minutes, computed_at,
       (SELECT count(*) FROM domain_current
         WHERE (?::text IS NULL OR domain ~* ?::text)
           AND (?::text IS NULL OR domain IN (SELECT domain FROM domain_sources
                                               WHERE source = ?::text AND last_seen >= now() - INTERVAL '1 day'))),
       (SELECT sum({window}) FROM domain_current)
  FROM domain_current
 WHERE domain IN (SELECT domain FROM shown)
 ORDER BY {order}
