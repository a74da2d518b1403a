-- One user's sessions in the raw rows, oldest first: when each started and last saw an event,
-- its events and page views, its first ten pages in order, and whether it is still active.
-- Parameter: the user.
SELECT session_id, min(time) AS started, max(time) AS last_event, count(*) AS events,
       count(*) FILTER (WHERE event_type = 'page_view') AS page_views,
       array_to_string((array_agg(domain || path ORDER BY time) FILTER (WHERE event_type = 'page_view'))[1:10], ' > ')
           || CASE WHEN count(*) FILTER (WHERE event_type = 'page_view') > 10 THEN ' > ...' ELSE '' END AS pages,
       max(time) >= now() - INTERVAL '30 minutes' AS active
  FROM logs
 WHERE user_id = ?::text
 GROUP BY session_id
 ORDER BY started
