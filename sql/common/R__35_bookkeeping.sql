-- What every writer of `logs` counts beside its rows, in the same transaction: page views per page
-- and hour (page_hourly), the domains each source reached (domain_sources) and the hits of the
-- minutes the dashboard shows live (domain_live). webtop's writers (traffic/Bookkeeping.java)
-- count a batch in memory and call webtop_record_batch once; the traffic-pattern jobs call it
-- on the rows they insert.

-- Adds counted page views to page_hourly: parallel arrays of hours, domains, paths, views and
-- bot views, as a writer counted what it just stored (called in the same transaction).
CREATE OR REPLACE FUNCTION webtop_add_page_views(buckets timestamptz[], domains text[], paths text[],
                                                 views bigint[], bot_views bigint[])
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    INSERT INTO page_hourly AS p (bucket, domain, path, views, bot_views)
    SELECT time_bucket(INTERVAL '1 hour', v.bucket), v.domain, v.path, sum(v.views), sum(v.bot_views)
      FROM unnest(buckets, domains, paths, views, bot_views) AS v (bucket, domain, path, views, bot_views)
     GROUP BY 1, 2, 3
     ORDER BY 2, 3, 1
    ON CONFLICT (domain, path, bucket) DO UPDATE
       SET views = p.views + EXCLUDED.views, bot_views = p.bot_views + EXCLUDED.bot_views
$$;

-- Recounts the hours in [from_time, to_time) from the raw rows still kept: for page views
-- written into logs by hand, which page_hourly does not see otherwise.
CREATE OR REPLACE FUNCTION webtop_recount_pages(from_time timestamptz, to_time timestamptz)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    lo timestamptz := time_bucket(INTERVAL '1 hour', from_time);
    counted bigint;
BEGIN
    DELETE FROM page_hourly WHERE bucket >= lo AND bucket < to_time;
    INSERT INTO page_hourly (bucket, domain, path, views, bot_views)
    SELECT time_bucket(INTERVAL '1 hour', time), domain, path,
           count(*) FILTER (WHERE NOT is_bot), count(*) FILTER (WHERE is_bot)
      FROM logs
     WHERE time >= lo AND time < to_time AND event_type = 'page_view'
     GROUP BY 1, 2, 3;
    GET DIAGNOSTICS counted = ROW_COUNT;
    RETURN counted;
END
$$;

-- Notes that these domains had traffic from `from_source` up to the given times (a writer's
-- batch, in its transaction): the dashboard's source filter reads domain_sources.
CREATE OR REPLACE FUNCTION webtop_note_sources(from_source text, domains text[], last_seen timestamptz[])
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    INSERT INTO domain_sources AS s (domain, source, last_seen)
    SELECT d.domain, from_source, max(d.seen)
      FROM unnest(domains, last_seen) AS d (domain, seen)
     GROUP BY d.domain
     ORDER BY d.domain
    ON CONFLICT (source, domain) DO UPDATE SET last_seen = greatest(s.last_seen, EXCLUDED.last_seen)
$$;

-- Adds a writer's hits per domain and minute (in its transaction) to domain_live, for the
-- minutes the dashboard still shows live; older ones are left to the aggregates.
CREATE OR REPLACE FUNCTION webtop_count_live(live_domains text[], live_minutes timestamptz[],
                                             live_hits bigint[])
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    INSERT INTO domain_live AS l (domain, minute, hits)
    SELECT h.domain, time_bucket(INTERVAL '1 minute', h.minute), sum(h.hits)
      FROM unnest(live_domains, live_minutes, live_hits) AS h (domain, minute, hits)
     WHERE h.minute >= time_bucket(INTERVAL '1 minute', now()) - INTERVAL '1 minute'
     GROUP BY 1, 2
     ORDER BY 1, 2
    ON CONFLICT (domain, minute) DO UPDATE SET hits = l.hits + EXCLUDED.hits
$$;

DROP FUNCTION IF EXISTS webtop_record_batch(text, timestamptz[], text[], text[], bigint[], bigint[],
                                            text[], timestamptz[], text[], timestamptz[], bigint[]);

-- One batch's bookkeeping in one call: what webtop_add_page_views and webtop_note_sources take,
-- then per domain and minute the figures of the aggregate levels (webtop_count_minutes, which
-- also feeds the live minutes), as parallel arrays (empty arrays, or nulls, for nothing to add).
-- Returns the minutes the caller must still aggregate once it has committed (the community
-- edition's continuous aggregates, refreshed over rows older than their policies look at), or
-- null when every level already counts the batch.
CREATE OR REPLACE FUNCTION webtop_record_batch(from_source text,
                                               page_hours timestamptz[], page_domains text[],
                                               page_paths text[], page_views bigint[],
                                               page_bot_views bigint[],
                                               seen_domains text[], seen_at timestamptz[],
                                               minute_domains text[], minutes timestamptz[],
                                               hits bigint[], bot_hits bigint[],
                                               errors_4xx bigint[], errors_5xx bigint[],
                                               bytes bigint[], response_ms_sum bigint[],
                                               response_ms_count bigint[],
                                               response_ms_max integer[])
RETURNS tstzrange
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
    SELECT webtop_add_page_views(page_hours, page_domains, page_paths, page_views, page_bot_views);
    SELECT webtop_note_sources(from_source, seen_domains, seen_at);
    SELECT webtop_count_live(minute_domains, minutes, hits);
    SELECT webtop_count_minutes(minute_domains, minutes, hits, bot_hits, errors_4xx, errors_5xx,
                                bytes, response_ms_sum, response_ms_count, response_ms_max);
$$;
