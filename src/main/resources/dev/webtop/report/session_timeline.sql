-- One user's sessions in the raw rows, oldest first: a session is a run of events without a gap of
-- more than 30 minutes, whichever writer, run or source stored them. For each, when it started and
-- last saw an event, its events and page views, its first ten pages in order, and whether it is
-- still active. Parameter: the user.
WITH events AS (
    SELECT time, domain, path, event_type,
           time - lag(time) OVER (ORDER BY time) > INTERVAL '30 minutes' AS gap
      FROM logs
     WHERE user_id = ?::text
), sessions AS (
    SELECT *, 1 + count(*) FILTER (WHERE gap) OVER (ORDER BY time) AS session
      FROM events
)
SELECT session, min(time) AS started, max(time) AS last_event, count(*) AS events,
       count(*) FILTER (WHERE event_type = 'page_view') AS page_views,
       array_to_string((array_agg(domain || path ORDER BY time) FILTER (WHERE event_type = 'page_view'))[1:10], ' > ')
           || CASE WHEN count(*) FILTER (WHERE event_type = 'page_view') > 10 THEN ' > ...' ELSE '' END AS pages,
       max(time) >= now() - INTERVAL '30 minutes' AS active
  FROM sessions
 GROUP BY session
 ORDER BY started
