-- Active sessions: one per user with an event in the last 30 minutes. A session is a user's run of
-- events without a gap of more than 30 minutes, whichever writer, run or source stored them, so
-- the active one started at the user's first event after their last such gap (as far back as raw
-- rows are kept). Parameters: whether bots count; the source (picks the users) or null; how many.
WITH knobs AS (
    SELECT ?::boolean AS bots, ?::text AS source
), active AS (
    SELECT DISTINCT l.user_id
      FROM logs l, knobs k
     WHERE l.time >= now() - INTERVAL '30 minutes' AND l.user_id IS NOT NULL
       AND (k.bots OR NOT l.is_bot) AND (k.source IS NULL OR l.source = k.source)
), events AS (
    SELECT l.user_id, l.time, l.event_type,
           l.time - lag(l.time) OVER (PARTITION BY l.user_id ORDER BY l.time) > INTERVAL '30 minutes' AS gap
      FROM logs l
      JOIN active a USING (user_id), knobs k
     WHERE k.bots OR NOT l.is_bot
), sessions AS (
    SELECT user_id, time, event_type,
           count(*) FILTER (WHERE gap) OVER (PARTITION BY user_id ORDER BY time) AS session
      FROM events
), latest AS (
    -- a window, not a subquery per row: the latter is quadratic in a busy user's events
    SELECT *, max(session) OVER (PARTITION BY user_id) AS last_session
      FROM sessions
)
SELECT user_id, min(time) AS started, count(*) AS events,
       count(*) FILTER (WHERE event_type = 'page_view') AS page_views, max(time) AS last_event
  FROM latest
 WHERE session = last_session
 GROUP BY user_id
 ORDER BY events DESC, user_id
 LIMIT ?::integer
