-- Visitors now: distinct users with a page view in the last 5 minutes, in all (the first row,
-- domain null) and per domain, most visited first. Parameters: whether bots count; the source or
-- null (twice); how many domains.
WITH recent AS (
    SELECT domain, user_id
      FROM logs
     WHERE time >= now() - INTERVAL '5 minutes' AND event_type = 'page_view' AND user_id IS NOT NULL
       AND (?::boolean OR NOT is_bot)
       AND (?::text IS NULL OR source = ?::text)
), counted AS (
    SELECT domain, count(DISTINCT user_id) AS visitors, count(*) AS views
      FROM recent
     GROUP BY GROUPING SETS ((), (domain))
)
SELECT coalesce(domain, 'all') AS domain, visitors, views
  FROM counted
 ORDER BY domain IS NOT NULL, visitors DESC, domain
 LIMIT ?::integer + 1
