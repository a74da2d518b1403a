-- Targets `webtop probe` checks when it is given none: kept with their own rules by
-- `webtop probe add` and `webtop probe remove`, listed by `webtop probe list`.
CREATE TABLE probe_targets (
    url            text PRIMARY KEY,
    match          text[] NOT NULL DEFAULT '{}',
    no_match       text[] NOT NULL DEFAULT '{}',
    expect_status  text NOT NULL DEFAULT '200-299',
    max_latency_ms integer CHECK (max_latency_ms > 0),
    min_cert_days  integer CHECK (min_cert_days >= 0),
    added_at       timestamptz NOT NULL DEFAULT now()
);
