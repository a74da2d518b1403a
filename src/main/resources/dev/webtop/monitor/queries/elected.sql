-- The latest election's winners with their rank in the election before it (null: new).
WITH latest AS (
    SELECT max(id) AS id FROM elections
), previous AS (
    SELECT max(id) AS id FROM elections WHERE id < (SELECT id FROM latest)
)
SELECT r.rank, r.domain, r.score, r.total_hits, r.recent_hits, p.rank, e.elected_at,
       (SELECT id FROM previous) IS NOT NULL
  FROM election_results r
  JOIN elections e ON e.id = r.election_id
  LEFT JOIN election_results p ON p.election_id = (SELECT id FROM previous) AND p.domain = r.domain
 WHERE r.election_id = (SELECT id FROM latest)
 ORDER BY r.rank
