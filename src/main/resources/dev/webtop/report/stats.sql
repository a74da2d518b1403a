-- The original's statistics per domain over the complete hours of the period, from page_hourly
-- (page views per hour and path, kept retention.page_hourly): page views per hour (bots left out
-- unless asked), an hour without rows counting as 0 from the domain's first hour with views in
-- the period on, hours before that or before what page_hourly keeps not counted at all; the total, mean, population standard deviation, 95th percentile and
-- maximum per hour; volatility (stddev / mean); the least-squares trend in views per hour per hour
-- with its r²; and the anomalies: hours whose z-score |v - mean| / stddev is above the threshold.
-- Parameters: the period's start and end; the threshold; domain or null; whether bots count.
WITH params AS (
    SELECT greatest(time_bucket(INTERVAL '1 hour', ?::timestamptz),
                    time_bucket(INTERVAL '1 hour', now() - webtop_setting('retention.page_hourly')::interval)
                        + INTERVAL '1 hour') AS first_hour,
           time_bucket(INTERVAL '1 hour', ?::timestamptz) AS end_hour,
           ?::float8 AS threshold, ?::text AS domain, ?::boolean AS bots
), hourly AS (
    SELECT v.domain, v.bucket AS hour,
           sum(v.views + CASE WHEN p.bots THEN v.bot_views ELSE 0 END) AS views
      FROM page_hourly v, params p
     WHERE v.bucket >= p.first_hour AND v.bucket < p.end_hour
       AND (p.domain IS NULL OR v.domain = p.domain)
     GROUP BY 1, 2
), series AS (
    -- a domain's hours start at its first hour with views in the period: the hours before it are
    -- not quiet hours of that site (an imported log, a new site), and as zeros they would make
    -- every hour with traffic an anomaly
    SELECT dom.domain, h.hour, extract(epoch FROM h.hour - dom.since) / 3600 AS x,
           coalesce(v.views, 0)::float8 AS views
      FROM (SELECT domain, min(hour) AS since FROM hourly WHERE views > 0 GROUP BY domain) dom
     CROSS JOIN params p
     CROSS JOIN generate_series(dom.since, p.end_hour - INTERVAL '1 hour', INTERVAL '1 hour') h (hour)
      LEFT JOIN hourly v ON v.domain = dom.domain AND v.hour = h.hour
), summary AS (
    SELECT domain, count(*) AS hours, sum(views)::bigint AS total, avg(views) AS mean,
           stddev_pop(views) AS stddev,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY views) AS p95, max(views)::bigint AS max,
           regr_slope(views, x::float8) AS trend, regr_r2(views, x::float8) AS r2
      FROM series
     GROUP BY domain
)
SELECT s.domain, s.hours, s.total, s.mean, s.stddev, s.p95, s.max,
       s.stddev / nullif(s.mean, 0) AS volatility, s.trend, s.r2,
       count(a.hour) AS anomalies,
       string_agg(to_char(a.hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":00Z"'), ' ' ORDER BY a.hour) AS anomaly_hours
  FROM summary s
 CROSS JOIN params p
  LEFT JOIN series a ON a.domain = s.domain AND s.stddev > 0 AND abs(a.views - s.mean) / s.stddev > p.threshold
 GROUP BY s.domain, s.hours, s.total, s.mean, s.stddev, s.p95, s.max, s.trend, s.r2
 ORDER BY s.total DESC, s.domain
