-- The page-views service's hourly report: page views of one page in each hour from first_hour to
-- last_hour (both included, each from :00 to :59), an hour without views as 0, from page_hourly.
-- h is the hour of the day in UTC.
-- Parameters: the first and the last hour; path; domain or null; whether bot views count.
WITH params AS (
    SELECT time_bucket(INTERVAL '1 hour', ?::timestamptz) AS first_hour,
           time_bucket(INTERVAL '1 hour', ?::timestamptz) AS last_hour, ?::text AS path,
           ?::text AS domain, ?::boolean AS bots
), hours AS (
    SELECT generate_series(p.first_hour, p.last_hour, INTERVAL '1 hour') AS hour
      FROM params p
)
SELECT h.hour,
       extract(hour FROM h.hour AT TIME ZONE 'UTC')::integer AS h,
       coalesce(sum(v.views + CASE WHEN p.bots THEN v.bot_views ELSE 0 END), 0)::bigint AS v
  FROM hours h
 CROSS JOIN params p
  LEFT JOIN page_hourly v ON v.bucket = h.hour AND v.path = p.path AND (p.domain IS NULL OR v.domain = p.domain)
 GROUP BY h.hour
 ORDER BY h.hour
