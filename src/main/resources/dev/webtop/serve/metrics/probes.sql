-- Each target's latest check per location for /metrics, shaped like blackbox_exporter's probe:
-- phases are each phase's own duration (the results keep times from the start of the check).
SELECT s.target, s.location,
       r.outcome IN ('ok', 'degraded', 'cert_expiring') AS success,
       r.total_ms / 1000.0 AS duration,
       r.dns_ms / 1000.0 AS resolve,
       (r.connect_ms - coalesce(r.dns_ms, 0)) / 1000.0 AS connect,
       (r.tls_ms - r.connect_ms) / 1000.0 AS tls,
       (r.ttfb_ms - coalesce(r.tls_ms, r.connect_ms)) / 1000.0 AS processing,
       r.transfer_ms / 1000.0 AS transfer,
       r.status,
       extract(epoch FROM r.cert_not_after) AS cert_expiry,
       s.state
  FROM probe_state s
  JOIN LATERAL (SELECT * FROM probe_results p
                 WHERE p.target = s.target AND p.location = s.location AND p.time = s.last_check
                 LIMIT 1) r ON true
 ORDER BY s.target, s.location
