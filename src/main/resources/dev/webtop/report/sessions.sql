-- Active sessions per user: sessions with an event in the last 30 minutes (a session ends after
-- 30 minutes without one). Parameters: whether bots count; the source or null (twice); how many users.
WITH sessions AS (
    SELECT user_id, session_id, count(*) AS events, max(time) AS last_event
      FROM logs
     WHERE time >= now() - INTERVAL '30 minutes' AND user_id IS NOT NULL AND session_id IS NOT NULL
       AND (?::boolean OR NOT is_bot)
       AND (?::text IS NULL OR source = ?::text)
     GROUP BY user_id, session_id
)
SELECT user_id, count(*) AS active_sessions, sum(events)::bigint AS events, max(last_event) AS last_event
  FROM sessions
 GROUP BY user_id
 ORDER BY active_sessions DESC, events DESC, user_id
 LIMIT ?::integer
