-- The traffic patterns `./webtop setup` schedules, one job each, named pattern:<domain>.
-- Scheduling a name again replaces it, so this file can be applied any number of times:
--   ./webtop setup            (or: ./webtop psql -f sql/setup/traffic-patterns.sql)
-- Config keys are explained above generate_log_data_job in sql/common/R__40_generate.sql.

-- Bursty: 1000 page views a minute; 40 % of the minutes carry ten times as many.
SELECT webtop_schedule_pattern(INTERVAL '1 minute',
    '{"domain": "bursty-traffic.com", "amount": 1000, "growth_rate": 0,
      "burst_probability": 0.4, "burst_multiplier": 10}');

-- Steady: 450 to 550 a minute.
SELECT webtop_schedule_pattern(INTERVAL '1 minute',
    '{"domain": "steady-traffic.com", "amount_min": 450, "amount_max": 550}');

-- Growing: from 100 a minute, 5 % more every minute, up to 5000 (after about 80 minutes): the
-- dashboard reads Growing once it has 11 minutes of it (the trend's two windows and the burst
-- baseline), until the cap.
SELECT webtop_schedule_pattern(INTERVAL '1 minute',
    '{"domain": "growing-traffic.com", "amount": 100, "growth_factor": 1.05, "cap": 5000}');

-- Declining: from 3000 a minute, 5 % fewer every minute: Declining from its 11th minute on.
SELECT webtop_schedule_pattern(INTERVAL '1 minute',
    '{"domain": "declining-traffic.com", "amount": 3000, "growth_factor": 0.95}');
