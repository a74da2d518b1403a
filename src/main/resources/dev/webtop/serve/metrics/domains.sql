-- Traffic per domain for /metrics: the busiest domains of the last hour from domain_current (one
-- row per active domain, kept by the webtop-current job), never raw rows. Parameter: how many.
SELECT domain, hits_1m, hits_1h
  FROM domain_current
 ORDER BY hits_1h DESC, domain
 LIMIT ?
