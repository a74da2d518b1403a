-- The most viewed pages over the hours that overlap a period (page_hourly, kept
-- retention.page_hourly), with their share of the page views.
-- Parameters: the period's start and end; a domain or null for all; whether bots count; how many.
WITH params AS (
    SELECT ?::timestamptz AS since, ?::timestamptz AS until, ?::text AS domain, ?::boolean AS bots, ?::integer AS take
), counted AS (
    SELECT h.domain, h.path, sum(h.views + CASE WHEN p.bots THEN h.bot_views ELSE 0 END) AS n
      FROM page_hourly h, params p
     WHERE h.bucket >= time_bucket(INTERVAL '1 hour', p.since) AND h.bucket < p.until
       AND (p.domain IS NULL OR h.domain = p.domain)
     GROUP BY h.domain, h.path
)
SELECT row_number() OVER (ORDER BY c.n DESC, c.domain, c.path) AS rank,
       CASE WHEN p.domain IS NULL THEN c.domain || c.path ELSE c.path END AS page, c.n AS page_views,
       round(100.0 * c.n / sum(c.n) OVER (), 1) AS share
  FROM counted c, params p
 WHERE c.n > 0
 ORDER BY c.n DESC, c.domain, c.path
 LIMIT (SELECT take FROM params)
