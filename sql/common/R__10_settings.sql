-- The value of one setting, typed by the caller: webtop_setting('retention.raw')::interval.
CREATE OR REPLACE FUNCTION webtop_setting(setting_key text) RETURNS text
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $$
    SELECT value FROM webtop_settings WHERE key = setting_key
$$;

-- Changes a setting after checking its kind and range; raises invalid_parameter_value (22023)
-- with what is accepted, so a bad value changes nothing. Jobs read settings when they run, and
-- webtop_apply_settings() reschedules what depends on them.
CREATE OR REPLACE FUNCTION webtop_set_setting(setting_key text, new_value text) RETURNS text
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    s webtop_settings;
    too_small boolean;
    too_large boolean;
BEGIN
    SELECT * INTO s FROM webtop_settings WHERE key = setting_key;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown setting "%"; known settings: %', setting_key,
            (SELECT string_agg(key, ', ' ORDER BY key) FROM webtop_settings)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        CASE s.kind
            WHEN 'interval' THEN
                too_small := s.min_value IS NOT NULL AND new_value::interval < s.min_value::interval;
                too_large := s.max_value IS NOT NULL AND new_value::interval > s.max_value::interval;
            WHEN 'integer' THEN
                too_small := s.min_value IS NOT NULL AND new_value::bigint < s.min_value::bigint;
                too_large := s.max_value IS NOT NULL AND new_value::bigint > s.max_value::bigint;
            WHEN 'number' THEN
                too_small := s.min_value IS NOT NULL AND new_value::numeric < s.min_value::numeric;
                too_large := s.max_value IS NOT NULL AND new_value::numeric > s.max_value::numeric;
            ELSE
                PERFORM new_value::boolean;
                too_small := false;
                too_large := false;
        END CASE;
    EXCEPTION WHEN data_exception THEN
        RAISE EXCEPTION 'setting "%" takes % values (like "%"), not "%"', setting_key,
            CASE s.kind WHEN 'number' THEN 'numeric' ELSE s.kind END, s.default_value, new_value
            USING ERRCODE = 'invalid_parameter_value';
    END;
    IF too_small OR too_large THEN
        RAISE EXCEPTION 'setting "%" must be %; "%" is out of range', setting_key,
            CASE
                WHEN s.min_value IS NOT NULL AND s.max_value IS NOT NULL
                    THEN 'between ' || s.min_value || ' and ' || s.max_value
                WHEN s.min_value IS NOT NULL THEN 'at least ' || s.min_value
                ELSE 'at most ' || s.max_value
            END, new_value
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE webtop_settings SET value = new_value WHERE key = setting_key;
    RETURN new_value;
END
$$;
