#!/usr/bin/env bash
# API fuzz: schemathesis (pinned in scripts/setup.sh) generates requests from the OpenAPI document
# a real `reviewdesk-server serve` process serves, and runs every check it has against the answers
# (`--checks all`, none left out): no 5xx, only documented status codes, content types and
# headers, every JSON answer valid against its schema, schema-violating requests refused,
# schema-valid ones accepted (a few operations also allow a 422 for rules JSON Schema cannot
# express: scripts/api-fuzz.toml, each with its reason), a missing credential refused, 405 with
# `Allow` for other methods. The server runs on a throwaway data directory seeded with a small
# demo queue of province 11, a reviewer and a supervisor of that province and an intake key;
# schemathesis runs as the reviewer, as the supervisor, as the intake system, then once more for
# logout alone with a session of its own. A line the server logged at ERROR fails the run too.
# Called by scripts/test.sh (after scripts/setup.sh); exits non-zero on any finding.
# API_FUZZ_EXAMPLES sets the examples per operation and phase (default 50).
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${API_FUZZ_EXAMPLES:-50}"
cargo build --locked -q -p reviewdesk-server --bin reviewdesk-server
bin="${CARGO_TARGET_DIR:-target}/debug/reviewdesk-server"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

data="$work/data"
password="api-fuzz-password-1"
"$bin" seed-demo --count 8 --provinces 11 --data-dir "$data" >/dev/null
for account in reviewer:fuzz.reviewer supervisor:fuzz.supervisor; do
  printf '%s\n' "$password" | "$bin" user add --role "${account%%:*}" --username "${account#*:}" \
    --province 11 --data-dir "$data" >/dev/null
done
key=$("$bin" intake-key create --label api-fuzz --data-dir "$data" 2>/dev/null)

# The request rate is off: schemathesis sends far more than a desktop would, and the limiter's
# 429 (documented on every operation) would stand in front of the handlers under test.
REVIEWDESK__REQUEST_RATE__PER_SECOND=0 "$bin" serve --listen 127.0.0.1:0 --data-dir "$data" \
  --image-check-workers 0 >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
base=""
for _ in $(seq 1 300); do
  base=$(sed -n 's/^reviewdesk-server listening on //p' "$work/stdout")
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/stderr" >&2; echo "the server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "the server did not say where it listens" >&2; exit 1; }

login() {
  python3 - "$base" "$1" "$password" <<'EOF'
import json, sys, urllib.request
base, username, password = sys.argv[1:4]
body = json.dumps({"username": username, "password": password}).encode()
request = urllib.request.Request(f"{base}/api/v1/auth/login", body, {"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["token"])
EOF
}

# One worker: hypothesis, under schemathesis's worker threads, now and then fails inside CPython's
# `ast` ("AST constructor recursion depth mismatch", not thread-safe in 3.11) - a crash of the
# tool, not a finding. The health checks judge the generator (too slow, too much filtered), not
# the API: off. Each run draws a new seed (its summary prints it: `--seed N` replays the run).
run() {
  local who=$1
  shift
  printf '\n\033[1m[api-fuzz]\033[0m as %s\n' "$who"
  python3 -m schemathesis.cli --config-file scripts/api-fuzz.toml run "$base/api/v1/openapi.json" \
    --checks all \
    --max-examples "$examples" \
    --workers 1 \
    --suppress-health-check all \
    "$@"
}

# Each run carries one credential, so a request schemathesis strips of it is refused with 401 (with
# a second kind of credential left on, it would be 403: the wrong kind, documented but not what a
# missing credential gets).
status=0
run "the reviewer" --header "Authorization: Bearer $(login fuzz.reviewer)" \
  --exclude-tag intake --exclude-path /api/v1/auth/logout || status=1
run "the supervisor" --header "Authorization: Bearer $(login fuzz.supervisor)" \
  --exclude-tag intake --exclude-path /api/v1/auth/logout || status=1
run "the intake system" --header "X-Api-Key: $key" --include-tag intake || status=1
# Logout ends the session it is sent with: alone, with a session nothing else uses.
run "the reviewer, logging out" --header "Authorization: Bearer $(login fuzz.reviewer)" \
  --include-path /api/v1/auth/logout || status=1

if grep -q 'ERROR' "$work/stderr"; then
  echo "the server logged errors during the fuzz:" >&2
  grep 'ERROR' "$work/stderr" | head -20 >&2
  status=1
fi
exit "$status"
