-- The status-code panel: per domain, the requests of the window and the share answered 4xx and
-- 5xx, worst first, from the aggregate level that fits the window ({level}: domain_stats_1m for
-- up to an hour, domain_stats_10m for a day). Parameters: the window's length in seconds, the
-- row limit.
SELECT domain, sum(hits) AS requests, sum(errors_4xx) AS errors_4xx, sum(errors_5xx) AS errors_5xx,
       round(100.0 * sum(errors_4xx + errors_5xx) / sum(hits), 1) AS error_percent
  FROM {level}
 WHERE bucket >= now() - make_interval(secs => ?)
 GROUP BY domain
HAVING sum(hits) > 0
 ORDER BY sum(errors_4xx + errors_5xx)::double precision / sum(hits) DESC, sum(hits) DESC, domain
 LIMIT ?
