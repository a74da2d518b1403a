-- Job health for /metrics: each webtop job's last run, whether it succeeded, and its failures.
SELECT name, extract(epoch FROM last_run) AS last_run, last_status, failures
  FROM webtop_jobs
 ORDER BY name
