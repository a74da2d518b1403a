-- The most viewed pages, then the most viewed domains, over the period, from the raw rows:
-- page views by people (bots too when asked), and the distinct users behind them.
-- Parameters: the period's start and end; whether bots count; how many of each; the source or null.
WITH params AS (
    SELECT ?::timestamptz AS since, ?::timestamptz AS until, ?::boolean AS bots, ?::integer AS take,
           ?::text AS source
), views AS (
    SELECT l.domain, l.path, l.user_id
      FROM logs l, params p
     WHERE l.time >= p.since AND l.time < p.until AND l.event_type = 'page_view' AND (p.bots OR NOT l.is_bot)
       AND (p.source IS NULL OR l.source = p.source)
), pages AS (
    SELECT 'page' AS kind, domain || path AS name, count(*) AS views, count(DISTINCT user_id) AS users
      FROM views GROUP BY domain, path
), domains AS (
    SELECT 'domain' AS kind, domain AS name, count(*) AS views, count(DISTINCT user_id) AS users
      FROM views GROUP BY domain
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY kind ORDER BY views DESC, name) AS rank
      FROM (SELECT * FROM pages UNION ALL SELECT * FROM domains) both_kinds
)
SELECT kind, rank, name, views, users
  FROM ranked, params p
 WHERE rank <= p.take
 ORDER BY kind DESC, rank
