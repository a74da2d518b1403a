-- Open incidents, alerts firing (told or silenced) and the outbox's messages by state, for /metrics.
SELECT (SELECT count(*) FROM probe_incidents WHERE ended_at IS NULL) AS open_incidents,
       (SELECT count(*) FROM alert_firing WHERE notified) AS firing,
       (SELECT count(*) FROM alert_firing WHERE NOT notified) AS silenced,
       (SELECT count(*) FROM alert_outbox WHERE state = 'pending') AS pending,
       (SELECT count(*) FROM alert_outbox WHERE state = 'failed') AS failed
