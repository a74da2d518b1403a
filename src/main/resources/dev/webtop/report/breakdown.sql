-- One breakdown (hourly_breakdowns) over the hours that overlap a period, per value: its count
-- (page views; requests for statuses and not-found paths) and share. When a rest label is given,
-- the page views the breakdown does not name (no referrer, an agent or address it could not
-- read) are one more row under that label: the period's page views (page_hourly) less the named.
-- Parameters: the period's start and end; a domain or null for all; the dimension; whether bots
-- count; how many rows; 'views' or 'hits'; the rest's label or null.
WITH params AS (
    SELECT ?::timestamptz AS since, ?::timestamptz AS until, ?::text AS domain, ?::text AS dimension,
           ?::boolean AS bots, ?::integer AS take, ?::text AS figure, ?::text AS rest
), counted AS (
    SELECT b.value,
           sum(CASE WHEN p.figure = 'hits' THEN b.hits + CASE WHEN p.bots THEN b.bot_hits ELSE 0 END
                    ELSE b.views + CASE WHEN p.bots THEN b.bot_views ELSE 0 END END) AS n
      FROM hourly_breakdowns b, params p
     WHERE b.dimension = p.dimension AND b.bucket >= time_bucket(INTERVAL '1 hour', p.since) AND b.bucket < p.until
       AND (p.domain IS NULL OR b.domain = p.domain)
     GROUP BY b.value
), total AS (
    SELECT coalesce(sum(h.views + CASE WHEN p.bots THEN h.bot_views ELSE 0 END), 0) AS n
      FROM page_hourly h, params p
     WHERE p.rest IS NOT NULL AND h.bucket >= time_bucket(INTERVAL '1 hour', p.since) AND h.bucket < p.until
       AND (p.domain IS NULL OR h.domain = p.domain)
), named AS (
    SELECT value, n FROM counted WHERE n > 0
    UNION ALL
    SELECT p.rest, t.n - (SELECT coalesce(sum(n), 0) FROM counted)
      FROM total t, params p
     WHERE p.rest IS NOT NULL AND t.n > (SELECT coalesce(sum(n), 0) FROM counted)
), everything AS (
    SELECT sum(n) AS n FROM named
)
SELECT row_number() OVER (ORDER BY r.n DESC, r.value) AS rank, r.value, r.n AS count,
       round(100.0 * r.n / e.n, 1) AS share
  FROM named r, everything e
 ORDER BY r.n DESC, r.value
 LIMIT (SELECT take FROM params)
