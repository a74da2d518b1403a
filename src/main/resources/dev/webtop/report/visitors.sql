-- Unique visitors (visitor_days) and page views (page_hourly) per hour, day or month (UTC) that
-- overlaps a period, or in the whole period ('period': every day that overlaps it). A visitor
-- counts once per bucket however many domains and hours it came in; a bucket that starts before
-- what retention.visitors keeps has no visitor count (null), rather than a false 0.
-- Parameters: the period's start and end; a domain or null for all; whether bots count; the unit.
WITH params AS (
    SELECT ?::timestamptz AS since, ?::timestamptz AS until, ?::text AS domain, ?::boolean AS bots, ?::text AS unit
), kept AS (
    SELECT v.day, v.visitor, CASE WHEN p.bots THEN v.hours | v.bot_hours ELSE v.hours END AS hours
      FROM visitor_days v, params p
     WHERE v.day >= time_bucket(INTERVAL '1 day', p.since) AND v.day < p.until
       AND (p.domain IS NULL OR v.domain = p.domain)
), seen AS (
    SELECT CASE p.unit WHEN 'day' THEN k.day
                       WHEN 'month' THEN date_trunc('month', k.day AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                       ELSE p.since END AS bucket, k.visitor
      FROM kept k, params p
     WHERE p.unit <> 'hour' AND k.hours <> 0
    UNION ALL
    SELECT k.day + make_interval(hours => b.hour), k.visitor
      FROM kept k, params p, generate_series(0, 23) AS b (hour)
     WHERE p.unit = 'hour' AND k.hours & (1 << b.hour) <> 0
       AND k.day + make_interval(hours => b.hour) >= time_bucket(INTERVAL '1 hour', p.since)
       AND k.day + make_interval(hours => b.hour) < p.until
), buckets AS (
    SELECT g AT TIME ZONE 'UTC' AS bucket
      FROM params p,
           generate_series(CASE p.unit WHEN 'hour' THEN date_trunc('hour', p.since AT TIME ZONE 'UTC')
                                       WHEN 'day' THEN date_trunc('day', p.since AT TIME ZONE 'UTC')
                                       ELSE date_trunc('month', p.since AT TIME ZONE 'UTC') END,
                           (p.until - INTERVAL '1 microsecond') AT TIME ZONE 'UTC',
                           CASE p.unit WHEN 'hour' THEN INTERVAL '1 hour' WHEN 'day' THEN INTERVAL '1 day'
                                       ELSE INTERVAL '1 month' END) AS g
     WHERE p.unit <> 'period'
    UNION ALL
    SELECT p.since FROM params p WHERE p.unit = 'period'
), counted AS (
    SELECT bucket, count(DISTINCT visitor) AS visitors FROM seen GROUP BY bucket
), viewed AS (
    SELECT CASE p.unit WHEN 'hour' THEN h.bucket
                       WHEN 'day' THEN time_bucket(INTERVAL '1 day', h.bucket)
                       WHEN 'month' THEN date_trunc('month', h.bucket AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                       ELSE p.since END AS bucket,
           sum(h.views + CASE WHEN p.bots THEN h.bot_views ELSE 0 END) AS views
      FROM page_hourly h, params p
     WHERE h.bucket >= CASE p.unit WHEN 'hour' THEN time_bucket(INTERVAL '1 hour', p.since)
                                   WHEN 'month' THEN date_trunc('month', p.since AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                                   ELSE time_bucket(INTERVAL '1 day', p.since) END
       AND h.bucket < p.until AND (p.domain IS NULL OR h.domain = p.domain)
     GROUP BY 1
)
SELECT b.bucket AS start,
       CASE WHEN b.bucket < time_bucket(INTERVAL '1 day', now() - webtop_setting('retention.visitors')::interval)
            THEN NULL ELSE coalesce(c.visitors, 0) END AS visitors,
       coalesce(v.views, 0) AS page_views
  FROM buckets b
  LEFT JOIN counted c USING (bucket)
  LEFT JOIN viewed v USING (bucket)
 ORDER BY b.bucket
