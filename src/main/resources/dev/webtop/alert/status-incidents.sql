-- Incidents open now, then those that ended since the given time, newest first: of the kept
-- targets, or of every target when none is kept.
SELECT target, location, started_at, ended_at, cause, detail
  FROM probe_incidents
 WHERE (ended_at IS NULL OR ended_at >= ?)
   AND (target IN (SELECT url FROM probe_targets) OR NOT EXISTS (SELECT 1 FROM probe_targets))
 ORDER BY ended_at IS NOT NULL, started_at DESC
 LIMIT 50
