-- webtop's jobs under one name each, whichever scheduler runs them: TimescaleDB's job scheduler
-- on the community edition, pg_cron on the Apache edition. native_id is that scheduler's job id,
-- the id every job procedure receives.
CREATE TABLE webtop_job_registry (
    name              text PRIMARY KEY,
    kind              text NOT NULL CHECK (kind IN ('core', 'pattern')),
    proc              text NOT NULL,
    schedule_interval interval NOT NULL CHECK (schedule_interval >= INTERVAL '1 second'),
    config            jsonb NOT NULL DEFAULT '{}',
    native_id         bigint UNIQUE,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- What a traffic pattern remembers between runs: growth is per run, so it needs the run count.
CREATE TABLE webtop_pattern_state (
    job_id      bigint PRIMARY KEY,
    runs        bigint NOT NULL DEFAULT 0,
    last_amount bigint,
    last_burst  boolean,
    last_run_at timestamptz
);

-- Domains with enough traffic to stand in the next election, one list per collection.
CREATE TABLE website_candidates (
    collected_at timestamptz NOT NULL,
    domain       text NOT NULL,
    hits         bigint NOT NULL,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    PRIMARY KEY (collected_at, domain)
);

-- Every election, and every website it elected with its rank and score: the history.
CREATE TABLE elections (
    id             bigserial PRIMARY KEY,
    elected_at     timestamptz NOT NULL DEFAULT now(),
    candidates     integer NOT NULL,
    window_start   timestamptz NOT NULL,
    recent_start   timestamptz NOT NULL,
    window_end     timestamptz NOT NULL,
    weight_total   numeric NOT NULL,
    weight_recent  numeric NOT NULL
);

CREATE TABLE election_results (
    election_id  bigint NOT NULL REFERENCES elections (id) ON DELETE CASCADE,
    rank         integer NOT NULL,
    domain       text NOT NULL,
    score        double precision NOT NULL,
    total_hits   bigint NOT NULL,
    recent_hits  bigint NOT NULL,
    PRIMARY KEY (election_id, rank)
);
CREATE INDEX election_results_domain_idx ON election_results (domain, election_id);

-- Long-term figures per domain, updated by each election.
CREATE TABLE website_stats (
    domain           text PRIMARY KEY,
    first_seen       timestamptz NOT NULL,
    last_seen        timestamptz NOT NULL,
    times_elected    integer NOT NULL DEFAULT 0,
    last_rank        integer,
    avg_hourly_hits  double precision,
    p95_hourly_hits  double precision,
    volatility       double precision,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN website_stats.volatility IS
    'coefficient of variation of hourly hits (standard deviation / mean) over the 10-minute aggregate''s history';
