-- Visitors and breakdowns, counted by every writer of `logs` in the transaction that stores its
-- rows (traffic/Breakdowns.java, and the traffic-pattern jobs): see visitor_hours and
-- hourly_breakdowns (V20).

-- The visitor_hours id of a user id: the first 64 bits of its MD5 (traffic/VisitorHours.java
-- computes the same in Java).
CREATE OR REPLACE FUNCTION webtop_visitor_hash(user_id text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT ('x' || left(md5(user_id), 16))::bit(64)::bigint
$$;

-- Adds visitors: parallel arrays of hours (their start), domains, visitor ids
-- (webtop_visitor_hash) and whether the visit was a bot's.
CREATE OR REPLACE FUNCTION webtop_add_visitors(hours timestamptz[], domains text[], visitors bigint[],
                                               bots boolean[])
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    INSERT INTO visitor_hours (hour, domain, visitor, bot)
    SELECT * FROM unnest(hours, domains, visitors, bots)
$$;

-- Adds goal completions: parallel arrays of hours, goal ids, visitor ids, whether a bot's, and
-- how many completions.
CREATE OR REPLACE FUNCTION webtop_add_goal_completions(hours timestamptz[], goals integer[], visitors bigint[],
                                                       bots boolean[], completions integer[])
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    INSERT INTO goal_hours (hour, goal_id, visitor, bot, completions)
    SELECT * FROM unnest(hours, goals, visitors, bots, completions)
$$;

-- Adds a goal and counts it in the raw rows still kept; returns its id. Writers read the goals in
-- the transaction that stores their rows: the lock waits for those that read them before, so
-- that their rows are committed and counted here, and holds back those that read them after
-- until the goal is there for them to count their own rows.
CREATE OR REPLACE FUNCTION webtop_add_goal(goal_domain text, goal_kind text, goal_target text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    added integer;
BEGIN
    LOCK TABLE webtop_goals IN ACCESS EXCLUSIVE MODE;
    INSERT INTO webtop_goals (domain, kind, target) VALUES (goal_domain, goal_kind, goal_target)
    RETURNING id INTO added;
    INSERT INTO goal_hours (hour, goal_id, visitor, bot, completions)
    SELECT time_bucket(INTERVAL '1 hour', time), added, webtop_visitor_hash(user_id), is_bot, count(*)
      FROM logs
     WHERE domain = goal_domain AND user_id IS NOT NULL
       AND CASE goal_kind WHEN 'path' THEN event_type = 'page_view' AND path = goal_target
                          ELSE event_type = goal_target END
     GROUP BY 1, 3, 4;
    RETURN added;
END
$$;

-- Adds breakdown counts: parallel arrays of hours, domains, dimensions, values, hits, page
-- views, bot hits and bot page views. A value new to its hour is kept while the hour holds fewer
-- than 10 x breakdowns.values_per_hour values of that dimension (the busiest of the call first),
-- and is counted as '(other)' after that.
CREATE OR REPLACE FUNCTION webtop_add_breakdowns(buckets timestamptz[], domains text[], dimensions text[],
                                                 items text[], hits bigint[], views bigint[],
                                                 bot_hits bigint[], bot_views bigint[])
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    WITH incoming AS (
        SELECT time_bucket(INTERVAL '1 hour', b.bucket) AS bucket, b.domain, b.dimension, b.item AS value,
               sum(b.hits) AS hits, sum(b.views) AS views, sum(b.bot_hits) AS bot_hits,
               sum(b.bot_views) AS bot_views
          FROM unnest(buckets, domains, dimensions, items, hits, views, bot_hits, bot_views)
               AS b (bucket, domain, dimension, item, hits, views, bot_hits, bot_views)
         GROUP BY 1, 2, 3, 4
    ), held AS (
        SELECT g.bucket, g.domain, g.dimension,
               (SELECT count(*) FROM hourly_breakdowns h
                 WHERE h.domain = g.domain AND h.dimension = g.dimension AND h.bucket = g.bucket) AS used
          FROM (SELECT DISTINCT bucket, domain, dimension FROM incoming) g
    ), placed AS (
        SELECT i.bucket, i.domain, i.dimension,
               CASE WHEN known.value IS NOT NULL OR i.value = '(other)' THEN i.value
                    WHEN held.used + row_number() OVER (PARTITION BY i.bucket, i.domain, i.dimension, known.value IS NULL
                                                        ORDER BY i.views + i.hits + i.bot_hits DESC, i.value)
                         <= 10 * webtop_setting('breakdowns.values_per_hour')::integer THEN i.value
                    ELSE '(other)' END AS value,
               i.hits, i.views, i.bot_hits, i.bot_views
          FROM incoming i
          JOIN held USING (bucket, domain, dimension)
          LEFT JOIN hourly_breakdowns known
                 ON known.domain = i.domain AND known.dimension = i.dimension
                AND known.bucket = i.bucket AND known.value = i.value
    )
    INSERT INTO hourly_breakdowns AS h (bucket, domain, dimension, value, hits, views, bot_hits, bot_views)
    SELECT bucket, domain, dimension, value, sum(hits), sum(views), sum(bot_hits), sum(bot_views)
      FROM placed
     GROUP BY 1, 2, 3, 4
     ORDER BY 2, 3, 1, 4
    ON CONFLICT (domain, dimension, bucket, value) DO UPDATE
       SET hits = h.hits + EXCLUDED.hits, views = h.views + EXCLUDED.views,
           bot_hits = h.bot_hits + EXCLUDED.bot_hits, bot_views = h.bot_views + EXCLUDED.bot_views
$$;

-- Cuts the finished hours of the last day down to their breakdowns.values_per_hour busiest
-- values per domain and dimension, folding the rest into '(other)'. Returns the values folded.
-- Late rows may add values to an hour after that; the runs of the following day fold them too.
CREATE OR REPLACE FUNCTION webtop_fold_breakdowns(at timestamptz DEFAULT now())
RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    keep constant integer := webtop_setting('breakdowns.values_per_hour')::integer;
    finished constant timestamptz := time_bucket(INTERVAL '1 hour', at);
    folded bigint;
BEGIN
    WITH ranked AS (
        SELECT domain, dimension, bucket, value,
               row_number() OVER (PARTITION BY domain, dimension, bucket
                                  ORDER BY views + bot_views DESC, hits + bot_hits DESC, value) AS rank
          FROM hourly_breakdowns
         WHERE bucket >= finished - INTERVAL '1 day' AND bucket < finished AND value <> '(other)'
    ), gone AS (
        DELETE FROM hourly_breakdowns h
         USING ranked r
         WHERE r.rank > keep AND h.domain = r.domain AND h.dimension = r.dimension
           AND h.bucket = r.bucket AND h.value = r.value
        RETURNING h.*
    ), added AS (
        INSERT INTO hourly_breakdowns AS h (bucket, domain, dimension, value, hits, views, bot_hits, bot_views)
        SELECT bucket, domain, dimension, '(other)', sum(hits), sum(views), sum(bot_hits), sum(bot_views)
          FROM gone
         GROUP BY 1, 2, 3
        ON CONFLICT (domain, dimension, bucket, value) DO UPDATE
           SET hits = h.hits + EXCLUDED.hits, views = h.views + EXCLUDED.views,
               bot_hits = h.bot_hits + EXCLUDED.bot_hits, bot_views = h.bot_views + EXCLUDED.bot_views
    )
    SELECT count(*) INTO folded FROM gone;
    RETURN folded;
END
$$;

CREATE OR REPLACE PROCEDURE webtop_breakdowns_job(job_id integer, config jsonb)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM webtop_fold_breakdowns();
END
$$;
