-- Bot rows over the period per rule that flagged them ('rate': more than 10 page views by a user
-- in one second; 'user_agent': a known crawler), with their users and page views, and a line for
-- all of them. Parameters: the period's start and end; the source or null (twice).
SELECT coalesce(bot_rule, 'all') AS rule, count(*) AS events,
       count(*) FILTER (WHERE event_type = 'page_view') AS page_views, count(DISTINCT user_id) AS users
  FROM logs
 WHERE time >= ?::timestamptz AND time < ?::timestamptz AND is_bot
   AND (?::text IS NULL OR source = ?::text)
 GROUP BY GROUPING SETS ((), (bot_rule))
 ORDER BY bot_rule IS NULL, bot_rule
