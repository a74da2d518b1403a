#!/usr/bin/env bash
# Drives the real ./webtop binary as a user and a CI job would: start, status, setup-db, psql,
# stop, start again, stop. Fails loudly on any unexpected exit code or output.
#
# It uses a cluster of its own (its own WEBTOP_HOME and port) and never touches a user's; the
# provisioned root filesystem, which holds only binaries, is shared with the user's.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
webtop="$root/webtop"
export WEBTOP_HOME="${SMOKE_HOME:-${TMPDIR:-/tmp}/webtop-smoke/home}"
export WEBTOP_LOCAL_PORT="${SMOKE_PORT:-25493}"
export WEBTOP_ROOTFS="${WEBTOP_ROOTFS:-$HOME/.local/share/webtop/rootfs}"
export WEBTOP_RUNTIME=local
unset WEBTOP_DB_URL PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
work="$(mktemp -d)"
cd "$work"   # no .env of the developer's is read

failures=0
out="$work/out" err="$work/err"

# check NAME EXPECTED_EXIT PATTERN -- COMMAND...: PATTERN (extended regex) must match stdout+stderr.
check() {
  local name="$1" expected="$2" pattern="$3"
  shift 4
  local started=$SECONDS
  "$@" >"$out" 2>"$err"
  local code=$?
  local took=$((SECONDS - started))
  if [[ $code -ne $expected ]] || ! cat "$out" "$err" | grep -Eq -- "$pattern"; then
    echo "FAIL  $name: exit $code (expected $expected), output should match /$pattern/"
    sed 's/^/      out| /' "$out"
    sed 's/^/      err| /' "$err"
    failures=$((failures + 1))
    return 1
  fi
  echo "ok    $name (${took}s)"
}

source "$root/scripts/own-cluster.sh"
trap 'remove_own_cluster; cd /; rm -rf "$work"' EXIT
remove_own_cluster

check "version"                 0 '^webtop [0-9]+\.[0-9]+'            -- "$webtop" --version
check "start from nothing"      0 'Ready in .* postgresql://postgres:\*\*\*\*@127\.0\.0\.1' -- "$webtop" start
check "status is healthy"       0 'state +healthy'                    -- "$webtop" status
check "status names the edition" 0 'edition (apache|timescale)'       -- "$webtop" status
check "status --json"           0 '"healthy":true'                    -- "$webtop" status --json
check "setup-db is idempotent"  0 'Migrations: up to date'            -- "$webtop" setup-db
check "setup schedules patterns" 0 'pattern:openai\.com'            -- "$webtop" setup
check "monitor_traffic_patterns" 0 '^t$'                              -- "$webtop" psql -At -c 'SELECT count(*) > 10 FROM monitor_traffic_patterns()'
check "bad pattern"             2 "--pattern must be steady, bursty, growing or declining, not 'wavy'" -- "$webtop" setup --pattern wavy --domain a.example --amount 5
check "reset needs --yes"       2 'pass --yes'                        -- "$webtop" reset
check "reset --yes"             0 'webtop-election'                   -- "$webtop" reset --yes
check "no rows after reset"     0 '^0$'                               -- "$webtop" psql -At -c 'SELECT count(*) FROM logs'
check "no patterns after reset" 0 '^0$'                               -- "$webtop" psql -At -c "SELECT count(*) FROM webtop_jobs WHERE kind = 'pattern'"
check "generate --count"        0 '^5,000 rows committed'             -- "$webtop" generate --rate max --count 5000 --seed 1
check "generate at a rate"      0 '^300 rows committed'               -- "$webtop" generate --rate 100 --duration 3s
check "report top"              0 '^page +1 +site'                    -- "$webtop" report top
check "report hourly"           0 '"data":\[\{"h"'                     -- "$webtop" report hourly --page /home --take 3 --json
check "stats"                   0 '^DOMAIN'                           -- "$webtop" stats
check "alert channel add"       0 '^Channel ops: webhook http://127\.0\.0\.1:1/…$' -- "$webtop" alert channel add ops --webhook http://127.0.0.1:1/hook
check "alert add"               0 '^Rule 1: down every target \(from 1 location\) tells ops$' -- "$webtop" alert add down --channel ops
check "alert dispatch, nothing due" 0 '^Sent 0 alert messages$'      -- "$webtop" alert dispatch
check "alert test, no receiver" 1 'ops did not take the test message' -- "$webtop" alert test ops
check "alert list"              0 'OUTBOX  0 pending, 0 sent, 0 failed' -- "$webtop" alert list
# the HTTP service, as a user tries it: a page view in, the report and the metrics out, SIGTERM
serve_port="${SMOKE_SERVE_PORT:-25492}"
"$webtop" serve --listen "127.0.0.1:$serve_port" --status-title "Example status" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 1 60); do grep -q 'serving on' "$work/serve.err" && break; sleep 0.5; done
api="http://127.0.0.1:$serve_port"
check "serve: health"           0 '^\{"status":"ok"\}$'              -- curl -sf "$api/health"
check "serve: a page view"      0 '^\{"stored":1\}$'                 -- curl -sf -H 'Content-Type: application/json' \
  -d '{"page":"smoke.example.com/home","timestamp":"2026-11-28T10:15:00Z"}' "$api/page-views/single"
check "serve: its report"       0 '"h":10,"v":1'                      -- curl -sf "$api/report?page=smoke.example.com/home&now=2026-11-28T11:00:00Z"
check "serve: bad JSON is 400"  0 '^\{"error":"malformed JSON.* 400$'  -- curl -s -w ' %{http_code}' \
  -H 'Content-Type: application/json' -d '{"page":' "$api/page-views/single"
check "serve: metrics"          0 '^webtop_serve_events_stored_total 1\.0$' -- curl -sf "$api/metrics"
check "serve: the dashboard"    0 '<title>webtop</title>'             -- curl -sf "$api/"
check "serve: the status page"  0 '<title>Example status</title>'             -- curl -sf "$api/status"
check "serve: a status badge"   0 'aria-label="status: unknown"'      -- curl -sf "$api/badge/status/smoke.example.com.svg"
kill -TERM "$serve_pid"
wait "$serve_pid"
serve_code=$?
check "serve: SIGTERM exits 0"  0 'stopping: answering'               -- bash -c "cat '$work/serve.err'; exit $serve_code"
check "psql -c"                 0 '^(apache|timescale)$'              -- "$webtop" psql -At -c 'SELECT edition FROM webtop_instance'
check "psql passes exit codes"  1 'does_not_exist'                    -- "$webtop" psql -v ON_ERROR_STOP=1 -c 'SELECT * FROM does_not_exist'
check "stop"                    0 'Stopped'                           -- "$webtop" stop
check "status when stopped"     3 'cannot connect'                    -- "$webtop" status
check "stop when stopped"       0 'not running'                       -- "$webtop" stop
started=$SECONDS
check "start again"             0 'Migrations: up to date'            -- "$webtop" start
if (( SECONDS - started > 15 )); then
  echo "FAIL  start again took $((SECONDS - started)) s (limit 15 s)"; failures=$((failures + 1))
fi
check "start when running"      0 'already running'                   -- "$webtop" start
check "bad runtime"             2 "'nonsense' is not a runtime"       -- "$webtop" start --runtime nonsense
check "unreachable database"    3 '^webtop: cannot connect to postgresql://postgres@127\.0\.0\.1:1/x' -- "$webtop" status --db-url postgresql://127.0.0.1:1/x
check "stop at the end"         0 'Stopped'                           -- "$webtop" stop

if (( failures > 0 )); then
  echo "smoke: $failures check(s) failed"
  exit 1
fi
echo "smoke: all checks passed"
