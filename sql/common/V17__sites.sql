-- The websites whose visitors' page views `webtop serve` takes at /api/event (its tracker
-- script's endpoint): `webtop site add example.com`, or INSERT here. A site's subdomains count as
-- the site. Kept by `webtop reset`, like the settings.
CREATE TABLE webtop_sites (
    domain   text PRIMARY KEY CHECK (domain ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$'),
    added_at timestamptz NOT NULL DEFAULT now()
);
