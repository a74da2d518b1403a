-- Unique visitors (visitor_hours) and page views (page_hourly) per hour, day or month (UTC) that
-- overlaps a period, or in the whole period ('period': every hour that overlaps it). A visitor
-- counts once per bucket however many domains and hours it came in, and as a person when any of
-- its visits was a person's; a bucket that starts before what retention.visitors keeps has no
-- visitor count (null), rather than a false 0.
-- Parameters: the period's start and end; a domain or null for all; whether bots count; the unit.
WITH params AS (
    SELECT ?::timestamptz AS since, ?::timestamptz AS until, ?::text AS domain, ?::boolean AS bots, ?::text AS unit
), first_hour AS (
    SELECT CASE p.unit WHEN 'day' THEN time_bucket(INTERVAL '1 day', p.since)
                       WHEN 'month' THEN date_trunc('month', p.since AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                       ELSE time_bucket(INTERVAL '1 hour', p.since) END AS at
      FROM params p
), bucketed AS (
    -- each bucket's start, for an hour's start
    SELECT CASE p.unit WHEN 'hour' THEN h.hour
                       WHEN 'day' THEN time_bucket(INTERVAL '1 day', h.hour)
                       WHEN 'month' THEN date_trunc('month', h.hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                       ELSE p.since END AS bucket, h.hour
      FROM params p, first_hour f,
           generate_series(f.at, p.until - INTERVAL '1 microsecond', INTERVAL '1 hour') AS h (hour)
), counted AS (
    SELECT b.bucket, count(DISTINCT v.visitor) AS visitors
      FROM visitor_hours v
      JOIN bucketed b ON b.hour = v.hour, params p
     WHERE v.hour >= (SELECT at FROM first_hour) AND v.hour < p.until
       AND (p.domain IS NULL OR v.domain = p.domain) AND (p.bots OR NOT v.bot)
     GROUP BY b.bucket
), viewed AS (
    SELECT b.bucket, sum(h.views + CASE WHEN p.bots THEN h.bot_views ELSE 0 END) AS views
      FROM page_hourly h
      JOIN bucketed b ON b.hour = h.bucket, params p
     WHERE h.bucket >= (SELECT at FROM first_hour) AND h.bucket < p.until
       AND (p.domain IS NULL OR h.domain = p.domain)
     GROUP BY b.bucket
)
SELECT b.bucket AS start,
       CASE WHEN b.bucket < time_bucket(INTERVAL '1 hour', now() - webtop_setting('retention.visitors')::interval)
            THEN NULL ELSE coalesce(c.visitors, 0) END AS visitors,
       coalesce(v.views, 0) AS page_views
  FROM (SELECT DISTINCT bucket FROM bucketed) b
  LEFT JOIN counted c USING (bucket)
  LEFT JOIN viewed v USING (bucket)
 ORDER BY b.bucket
