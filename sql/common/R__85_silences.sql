-- Silences and maintenance windows (alert_silences, kept by `webtop alert silence`): checks of a
-- silenced target are stored marked as in maintenance (R__90_probe_state.sql) and no alert about
-- it is sent (R__92_alerts.sql).

-- Whether alerts about a target or a domain are silenced at a moment.
CREATE OR REPLACE FUNCTION webtop_silenced(p_target text, p_domain text, at timestamptz DEFAULT now())
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $$
    SELECT EXISTS (
        SELECT 1
          FROM alert_silences s
         CROSS JOIN LATERAL (SELECT at AT TIME ZONE s.time_zone AS local) l
         CROSS JOIN (SELECT lower(substring(p_target FROM '^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/@]*@)?([^/:?#]+)')) AS name) host
         WHERE (s.target = p_target OR s.domain = p_domain
                -- a domain's silence covers the probe targets on it and its subdomains too
                OR (s.domain IS NOT NULL AND host.name IS NOT NULL
                    AND (host.name = s.domain OR host.name LIKE '%.' || s.domain)))
           AND ((s.weekdays IS NULL AND at >= s.starts_at AND at < s.ends_at)
             OR (s.from_time < s.to_time
                 AND extract(isodow FROM l.local)::smallint = ANY (s.weekdays)
                 AND l.local::time >= s.from_time AND l.local::time < s.to_time)
             OR (s.from_time > s.to_time
                 AND ((extract(isodow FROM l.local)::smallint = ANY (s.weekdays) AND l.local::time >= s.from_time)
                   OR (extract(isodow FROM l.local - INTERVAL '1 day')::smallint = ANY (s.weekdays)
                       AND l.local::time < s.to_time))))
    )
$$;
