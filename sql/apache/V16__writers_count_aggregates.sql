-- From here on webtop's writers add their counts to the three rollup tables themselves, in the
-- transaction that stores the rows (see R__30_rollups.sql). The rollup job, its watermarks and
-- its two settings go. An existing installation first has its levels brought up to date: the
-- old job's last run, then what lies past each watermark, so nothing is lost in the switch.
DO $$
DECLARE
    wm_1m  timestamptz := (SELECT watermark FROM webtop_rollup_watermarks WHERE level = '1m');
    wm_10m timestamptz := (SELECT watermark FROM webtop_rollup_watermarks WHERE level = '10m');
    wm_1d  timestamptz := (SELECT watermark FROM webtop_rollup_watermarks WHERE level = '1d');
BEGIN
    IF to_regprocedure('webtop_unschedule_job(text)') IS NOT NULL THEN
        PERFORM webtop_unschedule_job('webtop-rollup');
    END IF;
    IF to_regprocedure('webtop_refresh_rollups(integer, jsonb)') IS NOT NULL THEN
        CALL webtop_refresh_rollups(0, '{}');
        wm_1m := (SELECT watermark FROM webtop_rollup_watermarks WHERE level = '1m');
        wm_10m := (SELECT watermark FROM webtop_rollup_watermarks WHERE level = '10m');
        wm_1d := (SELECT watermark FROM webtop_rollup_watermarks WHERE level = '1d');
    END IF;
    INSERT INTO domain_stats_1m_rollup
    SELECT time_bucket(INTERVAL '1 minute', time), domain, count(*), count(*) FILTER (WHERE is_bot),
           count(*) FILTER (WHERE status BETWEEN 400 AND 499), count(*) FILTER (WHERE status >= 500),
           coalesce(sum(bytes), 0), coalesce(sum(response_ms), 0), count(response_ms), max(response_ms)
      FROM logs
     WHERE time >= wm_1m
     GROUP BY 1, 2;
    DELETE FROM domain_stats_10m_rollup WHERE bucket >= wm_10m;
    INSERT INTO domain_stats_10m_rollup
    SELECT time_bucket(INTERVAL '10 minutes', bucket), domain, sum(hits), sum(bot_hits),
           sum(errors_4xx), sum(errors_5xx), sum(bytes), sum(response_ms_sum),
           sum(response_ms_count), max(response_ms_max)
      FROM domain_stats_1m_rollup
     WHERE bucket >= wm_10m
     GROUP BY 1, 2;
    DELETE FROM domain_stats_1d_rollup WHERE bucket >= wm_1d;
    INSERT INTO domain_stats_1d_rollup
    SELECT time_bucket(INTERVAL '1 day', bucket), domain, sum(hits), sum(bot_hits),
           sum(errors_4xx), sum(errors_5xx), sum(bytes), sum(response_ms_sum),
           sum(response_ms_count), max(response_ms_max)
      FROM domain_stats_10m_rollup
     WHERE bucket >= wm_1d
     GROUP BY 1, 2;
END
$$;

DROP TABLE webtop_rollup_watermarks;
DELETE FROM webtop_settings WHERE key IN ('rollup.every', 'rollup.lateness');
