-- Spool files of `webtop probe` (results kept on disk while the database was unreachable) that
-- have been stored: recorded in the same transaction as their rows, so that a file is applied
-- exactly once even when a run dies between committing and deleting it.
CREATE TABLE probe_spool_applied (
    file_id    text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    results    integer NOT NULL
);
