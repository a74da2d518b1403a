-- About fifty popular real domains in rank order, each with a Zipf weight (1/rank) and its slice
-- [cum_lo, cum_hi) of [0, 1), so that one random number picks a domain as often as its weight says.
CREATE OR REPLACE FUNCTION webtop_background_domains()
RETURNS TABLE (rank integer, domain text, cum_lo double precision, cum_hi double precision)
LANGUAGE sql IMMUTABLE
AS $$
    WITH ranked AS (
        SELECT d.rank::integer AS rank, d.domain, 1.0 / d.rank AS weight
          FROM unnest(ARRAY[
              'google.com', 'youtube.com', 'facebook.com', 'wikipedia.org', 'instagram.com',
              'reddit.com', 'bing.com', 'x.com', 'whatsapp.com', 'amazon.com',
              'yahoo.com', 'linkedin.com', 'tiktok.com', 'netflix.com', 'microsoft.com',
              'duckduckgo.com', 'twitch.tv', 'pinterest.com', 'github.com', 'ebay.com',
              'apple.com', 'zoom.us', 'office.com', 'live.com', 'cnn.com',
              'nytimes.com', 'bbc.co.uk', 'espn.com', 'paypal.com', 'stackoverflow.com',
              'imdb.com', 'quora.com', 'spotify.com', 'adobe.com', 'dropbox.com',
              'walmart.com', 'etsy.com', 'booking.com', 'salesforce.com', 'wordpress.org',
              'medium.com', 'discord.com', 'telegram.org', 'weather.com', 'craigslist.org',
              'indeed.com', 'zillow.com', 'target.com', 'canva.com', 'slack.com'
          ]) WITH ORDINALITY AS d (domain, rank)
    ), cumulative AS (
        SELECT rank, domain,
               sum(weight) OVER (ORDER BY rank) / sum(weight) OVER () AS cum_hi,
               weight / sum(weight) OVER () AS share
          FROM ranked
    )
    SELECT rank, domain, (cum_hi - share)::double precision, cum_hi::double precision
      FROM cumulative
$$;

-- Inserts `amount` synthetic page views spread over the `spread` before `at`: for one domain, or,
-- when target_domain is null, over the background domains by their weights. Paths, users and
-- sessions are skewed the way real sites are (a few popular pages, a few heavy users). The
-- rows get the bookkeeping of every writer (webtop_record_batch, visitors and breakdowns) in the
-- same statement.
CREATE OR REPLACE FUNCTION webtop_insert_generated(target_domain text, amount bigint,
                                                   spread interval, at timestamptz DEFAULT now())
RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    paths constant text[] := ARRAY['/', '/search', '/products', '/login', '/about', '/blog',
        '/cart', '/checkout', '/account', '/api/v1/items', '/help', '/pricing'];
    counted tstzrange;
BEGIN
    IF amount <= 0 THEN
        RETURN 0;
    END IF;
    WITH written AS (
        INSERT INTO logs (time, domain, path, user_id, session_id, status, bytes, response_ms, source)
        SELECT at - g.r_time * spread,
               coalesce(target_domain, d.domain),
               paths[1 + floor(g.r_path ^ 2 * array_length(paths, 1))::integer],
               'u' || g.user_no,
               'u' || g.user_no || '-' || floor(extract(epoch FROM at) / 1800)::bigint,
               CASE WHEN g.r_status < 0.90 THEN 200 WHEN g.r_status < 0.95 THEN 304
                    WHEN g.r_status < 0.98 THEN 404 WHEN g.r_status < 0.995 THEN 500 ELSE 301 END,
               500 + floor(g.r_bytes * 50000)::bigint,
               (20 - 80 * ln(1 - g.r_time_ms))::integer,
               'generated'
          FROM (SELECT random() AS r_time, random() AS r_domain, random() AS r_path,
                       random() AS r_status, random() AS r_bytes, random() AS r_time_ms,
                       1 + floor(random() ^ 3 * 5000)::integer AS user_no
                  FROM generate_series(1, amount)) g
          LEFT JOIN webtop_background_domains() d
                 ON target_domain IS NULL AND g.r_domain >= d.cum_lo AND g.r_domain < d.cum_hi
        RETURNING time, domain, path, user_id, status, bytes, response_ms
    ), visitors AS (
        SELECT webtop_add_visitors(array_agg(hour), array_agg(domain), array_agg(visitor), array_agg(false)) AS added
          FROM (SELECT DISTINCT time_bucket(INTERVAL '1 hour', time) AS hour, domain,
                       webtop_visitor_hash(user_id) AS visitor
                  FROM written WHERE status NOT BETWEEN 400 AND 499) v
    ), breakdowns AS (
        SELECT webtop_add_breakdowns(array_agg(hour), array_agg(domain), array_agg(dimension), array_agg(value),
                                     array_agg(hits), array_agg(hits), array_agg(0::bigint), array_agg(0::bigint)) AS added
          FROM (SELECT time_bucket(INTERVAL '1 hour', time) AS hour, domain, 'status' AS dimension,
                       status::text AS value, count(*) AS hits
                  FROM written GROUP BY 1, 2, 4
                 UNION ALL
                SELECT time_bucket(INTERVAL '1 hour', time), domain, 'not_found', path, count(*)
                  FROM written WHERE status = 404 GROUP BY 1, 2, 4) b
    ), goals AS (
        SELECT webtop_add_goal_completions(array_agg(hour), array_agg(goal_id), array_agg(visitor), array_agg(false),
                                           array_agg(completions)) AS added
          FROM (SELECT time_bucket(INTERVAL '1 hour', w.time) AS hour, g.id AS goal_id,
                       webtop_visitor_hash(w.user_id) AS visitor, count(*)::integer AS completions
                  FROM written w
                  JOIN webtop_goals g ON g.domain = w.domain AND g.kind = 'path' AND g.target = w.path
                 GROUP BY 1, 2, 3) c
    ), per_minute AS (
        SELECT domain, time_bucket(INTERVAL '1 minute', time) AS minute, count(*) AS hits,
               count(*) FILTER (WHERE status BETWEEN 400 AND 499) AS errors_4xx,
               count(*) FILTER (WHERE status >= 500) AS errors_5xx,
               sum(bytes)::bigint AS bytes, sum(response_ms)::bigint AS response_ms_sum,
               count(response_ms) AS response_ms_count, max(response_ms) AS response_ms_max,
               max(time) AS last_seen
          FROM written
         GROUP BY 1, 2
    )
    -- counted as every other writer's rows are: one page view each, none from bots
    SELECT webtop_record_batch('generated',
               (SELECT array_agg(time) FROM written), (SELECT array_agg(domain) FROM written),
               (SELECT array_agg(path) FROM written),
               (SELECT array_agg(1::bigint) FROM written), (SELECT array_agg(0::bigint) FROM written),
               array_agg(domain), array_agg(last_seen),
               array_agg(domain), array_agg(minute), array_agg(hits), array_agg(0::bigint),
               array_agg(errors_4xx), array_agg(errors_5xx), array_agg(bytes),
               array_agg(response_ms_sum), array_agg(response_ms_count), array_agg(response_ms_max))
      INTO counted
      FROM per_minute, (SELECT count(*) FROM visitors, breakdowns, goals) AS all_added;
    RETURN amount;
END
$$;

-- Raises invalid_parameter_value unless a traffic pattern's config is usable; returns it.
-- Keys: domain, use_specific_domain, amount or amount_min/amount_max (drawn each run),
-- growth_rate (added per run, negative declines), growth_factor (multiplied in per run, below 1
-- declines), cap (upper bound for growth),
-- burst_probability (0..1), burst_multiplier (>= 1).
CREATE OR REPLACE FUNCTION webtop_check_pattern(config jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    bad text;
BEGIN
    IF jsonb_typeof(config) IS DISTINCT FROM 'object' THEN
        bad := 'the config must be a JSON object';
    ELSIF coalesce((config ->> 'use_specific_domain')::boolean, true)
          AND coalesce(config ->> 'domain', '') !~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$' THEN
        bad := format('"%s" is not a domain name (like example.com, lower case)', config ->> 'domain');
    ELSIF NOT (config ? 'amount' OR (config ? 'amount_min' AND config ? 'amount_max')) THEN
        bad := 'a pattern needs "amount", or "amount_min" and "amount_max"';
    ELSIF coalesce((config ->> 'amount')::numeric, 0) < 0
          OR coalesce((config ->> 'amount_min')::numeric, 0) < 0 THEN
        bad := 'amounts cannot be negative';
    ELSIF (config ->> 'amount_min')::numeric > (config ->> 'amount_max')::numeric THEN
        bad := 'amount_min cannot be above amount_max';
    ELSIF (config ->> 'cap')::numeric < 0 THEN
        bad := 'cap cannot be negative';
    ELSIF NOT coalesce((config ->> 'growth_factor')::numeric, 1) BETWEEN 0.5 AND 2 THEN
        bad := 'growth_factor must be between 0.5 and 2 (a share per run, like 1.05)';
    ELSIF NOT coalesce((config ->> 'burst_probability')::numeric, 0) BETWEEN 0 AND 1 THEN
        bad := 'burst_probability must be between 0 and 1';
    ELSIF coalesce((config ->> 'burst_multiplier')::numeric, 1) < 1 THEN
        bad := 'burst_multiplier must be at least 1';
    END IF;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'bad traffic pattern: %', bad USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN config;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
    RAISE EXCEPTION 'bad traffic pattern: every amount, rate and probability must be a number'
        USING ERRCODE = 'invalid_parameter_value';
END
$$;

-- The traffic-pattern job. Each run draws its volume, adds growth_rate for every earlier run
-- (floored at 0, capped at cap), multiplies by burst_multiplier with probability
-- burst_probability, and writes that many page views spread over the job's interval.
CREATE OR REPLACE PROCEDURE generate_log_data_job(job_id integer, config jsonb)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    state       webtop_pattern_state;
    spread      interval;
    volume      numeric;
    burst       boolean := false;
    specific    boolean := coalesce((config ->> 'use_specific_domain')::boolean, true);
BEGIN
    PERFORM webtop_check_pattern(config);
    SELECT * INTO state FROM webtop_pattern_state s WHERE s.job_id = generate_log_data_job.job_id
       FOR UPDATE;
    SELECT r.schedule_interval INTO spread FROM webtop_job_registry r
     WHERE r.native_id = generate_log_data_job.job_id;
    spread := coalesce(spread, (config ->> 'spread')::interval, INTERVAL '1 minute');

    IF config ? 'amount_min' THEN
        volume := (config ->> 'amount_min')::numeric + floor(random()
            * ((config ->> 'amount_max')::numeric - (config ->> 'amount_min')::numeric + 1));
    ELSE
        volume := (config ->> 'amount')::numeric;
    END IF;
    volume := greatest(0, volume + coalesce((config ->> 'growth_rate')::numeric, 0)
                                   * coalesce(state.runs, 0));
    -- a steady rate of change (a share per run) reads as a trend however long it runs
    volume := volume * power(coalesce((config ->> 'growth_factor')::numeric, 1), coalesce(state.runs, 0));
    IF config ? 'cap' THEN
        volume := least(volume, (config ->> 'cap')::numeric);
    END IF;
    IF random() < coalesce((config ->> 'burst_probability')::numeric, 0) THEN
        burst := true;
        volume := volume * coalesce((config ->> 'burst_multiplier')::numeric, 1);
    END IF;

    PERFORM webtop_insert_generated(CASE WHEN specific THEN config ->> 'domain' END,
                                    round(volume)::bigint, spread);
    INSERT INTO webtop_pattern_state AS s (job_id, runs, last_amount, last_burst, last_run_at)
    VALUES (generate_log_data_job.job_id, 1, round(volume)::bigint, burst, now())
    ON CONFLICT (job_id) DO UPDATE
        SET runs = s.runs + 1, last_amount = EXCLUDED.last_amount,
            last_burst = EXCLUDED.last_burst, last_run_at = EXCLUDED.last_run_at;
END
$$;

-- Traffic for the dashboard to show before any pattern runs: background traffic over the last
-- 30 minutes, written only into an empty logs table so that `start` can be repeated.
CREATE OR REPLACE FUNCTION webtop_generate_initial_data(amount bigint DEFAULT 30000) RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM logs) THEN
        RETURN 0;
    END IF;
    RETURN webtop_insert_generated(NULL, amount, INTERVAL '30 minutes');
END
$$;
