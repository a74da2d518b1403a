-- Each goal's completions, converting visitors and conversion rate (converting visitors over the
-- domain's visitors) in the hours that overlap a period (goal_hours and visitor_hours, kept
-- retention.visitors). Parameters: the period's start and end; a domain or null for all; whether
-- bots count.
WITH params AS (
    SELECT time_bucket(INTERVAL '1 hour', ?::timestamptz) AS since, ?::timestamptz AS until, ?::text AS domain,
           ?::boolean AS bots
), done AS (
    SELECT c.goal_id, sum(c.completions) AS completions, count(DISTINCT c.visitor) AS visitors
      FROM goal_hours c, params p
     WHERE c.hour >= p.since AND c.hour < p.until AND (p.bots OR NOT c.bot)
     GROUP BY c.goal_id
), everyone AS (
    SELECT v.domain, count(DISTINCT v.visitor) AS visitors
      FROM visitor_hours v, params p
     WHERE v.hour >= p.since AND v.hour < p.until AND (p.bots OR NOT v.bot)
       AND v.domain IN (SELECT domain FROM webtop_goals)
     GROUP BY v.domain
)
SELECT g.id, g.domain, CASE g.kind WHEN 'path' THEN 'visit ' ELSE 'event ' END || g.target AS goal,
       coalesce(d.completions, 0) AS completions, coalesce(d.visitors, 0) AS converted,
       coalesce(e.visitors, 0) AS visitors,
       CASE WHEN coalesce(e.visitors, 0) = 0 THEN NULL ELSE round(100.0 * coalesce(d.visitors, 0) / e.visitors, 1) END
           AS conversion_rate
  FROM webtop_goals g
  CROSS JOIN params p
  LEFT JOIN done d ON d.goal_id = g.id
  LEFT JOIN everyone e ON e.domain = g.domain
 WHERE p.domain IS NULL OR g.domain = p.domain
 ORDER BY g.domain, g.id
