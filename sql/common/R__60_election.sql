-- Earlier forms of two functions below; CREATE OR REPLACE cannot change their signatures.
DROP FUNCTION IF EXISTS webtop_hits_by_domain(timestamptz, timestamptz);
DROP FUNCTION IF EXISTS webtop_update_website_stats(bigint, timestamptz);

-- Hits per domain in [window_start, window_end), and the part of them from recent_start on, in
-- one pass over the coarsest aggregate level whose buckets fit the window: 1 minute up to 6
-- hours, 10 minutes up to 4 days, 1 day beyond. Both starts are rounded down to that level's
-- bucket; callers pass bucket-aligned ends.
CREATE OR REPLACE FUNCTION webtop_hits_by_domain(window_start timestamptz, window_end timestamptz,
                                                 recent_start timestamptz DEFAULT NULL)
RETURNS TABLE (domain text, hits bigint, recent_hits bigint)
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp
AS $$
DECLARE
    level  text;
    width  interval;
BEGIN
    IF window_end - window_start <= INTERVAL '6 hours' THEN
        level := 'domain_stats_1m';
        width := INTERVAL '1 minute';
    ELSIF window_end - window_start <= INTERVAL '4 days' THEN
        level := 'domain_stats_10m';
        width := INTERVAL '10 minutes';
    ELSE
        level := 'domain_stats_1d';
        width := INTERVAL '1 day';
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT s.domain, sum(s.hits)::bigint, '
        || 'coalesce(sum(s.hits) FILTER (WHERE s.bucket >= time_bucket($4, $3)), 0)::bigint '
        || 'FROM %I s WHERE s.bucket >= time_bucket($4, $1) AND s.bucket < $2 GROUP BY s.domain', level)
        USING window_start, window_end, coalesce(recent_start, window_start), width;
END
$$;

-- Collects the candidates: domains with at least candidates.min_hits hits in the last
-- candidates.window of whole minutes. Lists older than candidates.keep are deleted.
CREATE OR REPLACE FUNCTION populate_website_candidates(at timestamptz DEFAULT now())
RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    window_end   timestamptz := time_bucket(INTERVAL '1 minute', at);
    window_start timestamptz := window_end - webtop_setting('candidates.window')::interval;
    collected    integer;
BEGIN
    INSERT INTO website_candidates (collected_at, domain, hits, window_start, window_end)
    SELECT at, h.domain, h.hits, window_start, window_end
      FROM webtop_hits_by_domain(window_start, window_end) h
     WHERE h.hits >= webtop_setting('candidates.min_hits')::bigint
    ON CONFLICT (collected_at, domain) DO UPDATE SET hits = EXCLUDED.hits;
    GET DIAGNOSTICS collected = ROW_COUNT;
    DELETE FROM website_candidates
     WHERE collected_at < at - webtop_setting('candidates.keep')::interval;
    RETURN collected;
END
$$;

CREATE OR REPLACE PROCEDURE populate_website_candidates_job(job_id integer, config jsonb)
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM populate_website_candidates();
END
$$;

-- Elects the top websites among the latest candidates. Each candidate's score is
--   weight_total * total / max(total) + weight_recent * recent / max(recent)
-- where total counts hits over election.window and recent over election.recent_window (whole
-- minutes up to `at`); dividing by the largest value puts both on the same 0..1 scale, so the
-- weights mean what they say whatever the volumes. Ties go to more total hits, then the name.
-- The top election.top_n are stored with rank and score; returns the election's id.
CREATE OR REPLACE FUNCTION elect_top_websites(at timestamptz DEFAULT now()) RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    window_end    timestamptz := time_bucket(INTERVAL '1 minute', at);
    window_start  timestamptz := window_end - webtop_setting('election.window')::interval;
    recent_start  timestamptz := window_end - webtop_setting('election.recent_window')::interval;
    weight_total  numeric := webtop_setting('election.weight_total')::numeric;
    weight_recent numeric := webtop_setting('election.weight_recent')::numeric;
    latest        timestamptz;
    election      bigint;
BEGIN
    SELECT max(collected_at) INTO latest FROM website_candidates WHERE collected_at <= at;
    INSERT INTO elections (elected_at, candidates, window_start, recent_start, window_end,
                           weight_total, weight_recent)
    VALUES (at, (SELECT count(*) FROM website_candidates WHERE collected_at = latest),
            window_start, recent_start, window_end, weight_total, weight_recent)
    RETURNING id INTO election;

    WITH candidate AS (
        SELECT domain FROM website_candidates WHERE collected_at = latest
    ), traffic AS (
        SELECT c.domain, coalesce(t.hits, 0) AS total, coalesce(t.recent_hits, 0) AS recent
          FROM candidate c
          LEFT JOIN webtop_hits_by_domain(window_start, window_end, recent_start) t USING (domain)
    ), scored AS (
        SELECT domain, total, recent,
               coalesce(weight_total * total / nullif(max(total) OVER (), 0), 0)
               + coalesce(weight_recent * recent / nullif(max(recent) OVER (), 0), 0) AS score
          FROM traffic
    ), ranked AS (
        SELECT domain, total, recent, score,
               row_number() OVER (ORDER BY score DESC, total DESC, domain) AS rank
          FROM scored
    )
    INSERT INTO election_results (election_id, rank, domain, score, total_hits, recent_hits)
    SELECT election, rank, domain, score, total, recent
      FROM ranked
     WHERE rank <= webtop_setting('election.top_n')::integer;

    PERFORM webtop_update_website_stats(election);
    RETURN election;
END
$$;

-- Long-term figures of the websites an election chose (the long-term storage of the elected),
-- from hourly sums of the 10-minute level over its whole retention.
CREATE OR REPLACE FUNCTION webtop_update_website_stats(election bigint)
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    WITH elected AS (
        SELECT domain, rank FROM election_results WHERE election_id = election
    ), hourly AS (
        SELECT s.domain, time_bucket(INTERVAL '1 hour', s.bucket) AS hour, sum(s.hits) AS hits
          FROM domain_stats_10m s
         WHERE s.domain = ANY (ARRAY(SELECT domain FROM elected))
         GROUP BY 1, 2
    ), figures AS (
        SELECT h.domain, min(h.hour) AS first_seen, max(h.hour) + INTERVAL '1 hour' AS last_seen,
               avg(h.hits)::double precision AS avg_hits,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY h.hits) AS p95_hits,
               (stddev_pop(h.hits) / nullif(avg(h.hits), 0))::double precision AS volatility
          FROM hourly h
         GROUP BY h.domain
    )
    INSERT INTO website_stats AS w (domain, first_seen, last_seen, times_elected, last_rank,
                                    avg_hourly_hits, p95_hourly_hits, volatility, updated_at)
    SELECT f.domain, f.first_seen, f.last_seen, 1, e.rank, f.avg_hits, f.p95_hits, f.volatility, now()
      FROM figures f
      JOIN elected e USING (domain)
    ON CONFLICT (domain) DO UPDATE
        SET first_seen = least(w.first_seen, EXCLUDED.first_seen),
            last_seen = greatest(w.last_seen, EXCLUDED.last_seen),
            times_elected = w.times_elected + 1,
            last_rank = EXCLUDED.last_rank,
            avg_hourly_hits = EXCLUDED.avg_hourly_hits,
            p95_hourly_hits = EXCLUDED.p95_hourly_hits,
            volatility = EXCLUDED.volatility,
            updated_at = EXCLUDED.updated_at
$$;

CREATE OR REPLACE PROCEDURE elect_top_websites_job(job_id integer, config jsonb)
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM elect_top_websites();
END
$$;

-- The latest election's winners, best first.
CREATE OR REPLACE VIEW top_websites AS
SELECT r.rank, r.domain, r.score, r.total_hits, r.recent_hits, e.elected_at, e.id AS election_id
  FROM election_results r
  JOIN elections e ON e.id = r.election_id
 WHERE r.election_id = (SELECT max(id) FROM elections)
 ORDER BY r.rank;

-- Schedules candidate collection and the election at their configured intervals, first runs one
-- interval from now (start runs the first election itself); safe to repeat.
CREATE OR REPLACE FUNCTION schedule_website_tracking_jobs() RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM webtop_schedule_job('webtop-candidates', 'core', 'populate_website_candidates_job',
                                webtop_setting('candidates.every')::interval, run_now => false);
    PERFORM webtop_schedule_job('webtop-election', 'core', 'elect_top_websites_job',
                                webtop_setting('election.every')::interval, run_now => false);
    RETURN 2;
END
$$;

-- The first election right away, so that a new installation has top websites before the first
-- scheduled one; does nothing once any election exists. Returns the election's id, or null.
CREATE OR REPLACE FUNCTION webtop_first_election() RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM elections) THEN
        RETURN NULL;
    END IF;
    PERFORM populate_website_candidates();
    RETURN elect_top_websites();
END
$$;
