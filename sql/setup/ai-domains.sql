-- Traffic patterns of four AI domains, scheduled by `./webtop setup` after traffic-patterns.sql.
-- Safe to apply again: each pattern replaces the job of the same name (pattern:<domain>).
--   ./webtop psql -f sql/setup/ai-domains.sql

-- openai.com: steady and heavy, 300 to 500 page views every 5 seconds.
SELECT webtop_schedule_pattern(INTERVAL '5 seconds',
    '{"domain": "openai.com", "amount_min": 300, "amount_max": 500}');

-- claude.ai: bursty, 800 to 1000 every 30 seconds, a third of the runs three times that.
SELECT webtop_schedule_pattern(INTERVAL '30 seconds',
    '{"domain": "claude.ai", "amount_min": 800, "amount_max": 1000,
      "burst_probability": 0.33, "burst_multiplier": 3}');

-- anthropic.com: growing, from 100 a minute by 50 more every minute (capped at 10000).
SELECT webtop_schedule_pattern(INTERVAL '1 minute',
    '{"domain": "anthropic.com", "amount": 100, "growth_rate": 50, "cap": 10000}');

-- perplexity.ai: declining, from 500 a minute by 20 fewer every minute, down to 0.
SELECT webtop_schedule_pattern(INTERVAL '1 minute',
    '{"domain": "perplexity.ai", "amount": 500, "growth_rate": -20}');
