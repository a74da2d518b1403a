-- The detail view's breakdowns of one domain since a time (whole hours: hourly_breakdowns and
-- page_hourly): per dimension its five busiest values, by page views (requests for statuses and
-- not-found paths), bots left out as in the reports. Parameters: the start, the domain, twice.
WITH counted AS (
    SELECT dimension, value,
           sum(CASE WHEN dimension IN ('status', 'not_found') THEN hits ELSE views END) AS n
      FROM hourly_breakdowns
     WHERE bucket >= time_bucket(INTERVAL '1 hour', ?::timestamptz) AND domain = ?
     GROUP BY dimension, value
    UNION ALL
    SELECT 'page', path, sum(views)
      FROM page_hourly
     WHERE bucket >= time_bucket(INTERVAL '1 hour', ?::timestamptz) AND domain = ?
     GROUP BY path
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY dimension ORDER BY n DESC, value) AS rank
      FROM counted
     WHERE n > 0
)
SELECT dimension, value, n FROM ranked WHERE rank <= 5 ORDER BY dimension, rank
