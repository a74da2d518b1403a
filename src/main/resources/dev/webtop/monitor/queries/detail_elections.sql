-- One domain's last ten elections: when, its rank and score.
SELECT e.elected_at, r.rank, r.score
  FROM election_results r
  JOIN elections e ON e.id = r.election_id
 WHERE r.domain = ?
 ORDER BY e.id DESC
 LIMIT 10
