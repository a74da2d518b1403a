-- Traffic in all for /metrics, from domain_current: requests of the last minute and hour, domains.
SELECT coalesce(sum(hits_1m), 0) AS hits_1m, coalesce(sum(hits_1h), 0) AS hits_1h, count(*) AS domains
  FROM domain_current
