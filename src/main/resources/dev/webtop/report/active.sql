-- Active users: distinct users with a page view in the window (5 minutes by default), people only
-- unless bots are asked for. Parameters: the window; whether bots count; the source or null (twice).
SELECT count(DISTINCT user_id) AS active_users
  FROM logs
 WHERE time >= now() - ?::interval AND event_type = 'page_view' AND user_id IS NOT NULL
   AND (?::boolean OR NOT is_bot)
   AND (?::text IS NULL OR source = ?::text)
