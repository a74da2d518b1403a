-- Unique visitors of one domain since a time (whole hours of visitor_hours), people only.
-- Parameters: the start, the domain.
SELECT count(DISTINCT visitor)
  FROM visitor_hours
 WHERE hour >= time_bucket(INTERVAL '1 hour', ?::timestamptz) AND domain = ? AND NOT bot
