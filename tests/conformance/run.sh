#!/usr/bin/env bash
# Runs the conformance suite: starts LfRepo in memory on a free loopback port and drives it with the official
# Laserfiche JavaScript client (@laserfiche/lf-repository-api-client-v2) under Node's built-in test runner.
#
# Usage: tests/conformance/run.sh [test files...]     (default: every *.test.mjs here)
# Env:   LFREPO_SERVER_DLL      use this LfRepo.Server.dll instead of building src/LfRepo.Server (Release)
#        LFREPO_CONFORMANCE_PG  a PostgreSQL connection string to an empty database: the suite then drives two
#                               LfRepo processes on that database, sharing one data folder, behind nginx
#                               (round robin), instead of one process in memory
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source=../../scripts/local-proxy.sh
source "$ROOT/scripts/local-proxy.sh"
cd "$SCRIPT_DIR"

# --- the server ---------------------------------------------------------------------------------------------
if [[ -n "${LFREPO_SERVER_DLL:-}" ]]; then
  DLL="$LFREPO_SERVER_DLL"
else
  echo "run.sh: building src/LfRepo.Server (Release)..." >&2
  dotnet build "$ROOT/src/LfRepo.Server" -c Release -nologo -v quiet >&2
  DLL="$ROOT/src/LfRepo.Server/bin/Release/net10.0/LfRepo.Server.dll"
fi
if [[ ! -f "$DLL" ]]; then
  echo "run.sh: server assembly not found: $DLL" >&2
  exit 2
fi

# --- the client -----------------------------------------------------------------------------------------------
if [[ ! -d node_modules ]]; then
  echo "run.sh: installing npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund >&2
fi

# --- free loopback ports ---------------------------------------------------------------------------------------
free_port() {
  node -e '
    const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
  '
}

# --- start, and always stop ------------------------------------------------------------------------------------
WORK="$(mktemp -d -t lfrepo-conformance.XXXXXX)"
SERVER_PIDS=()
NGINX_PID_FILE=""
TEST_EXIT=1

stop_process() {
  local pid="$1"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  if [[ -n "$NGINX_PID_FILE" && -f "$NGINX_PID_FILE" ]]; then
    stop_process "$(cat "$NGINX_PID_FILE")"
  fi
  for pid in "${SERVER_PIDS[@]}"; do
    stop_process "$pid"
  done
  if [[ "$TEST_EXIT" -ne 0 ]]; then
    for log in "$WORK"/server-*.log "$WORK"/nginx-error.log; do
      [[ -f "$log" ]] || continue
      echo "---- last 80 lines of $(basename "$log") ----" >&2
      tail -n 80 "$log" >&2 || true
    done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts one LfRepo process on a loopback port with the given store options.
start_server() { # name port options...
  local name="$1" port="$2"; shift 2
  echo "run.sh: starting $DLL on http://127.0.0.1:$port ($*); log: server-$name.log" >&2
  dotnet "$DLL" --urls "http://127.0.0.1:$port" "$@" >"$WORK/server-$name.log" 2>&1 &
  SERVER_PIDS+=($!)
}

# Waits (~60 s) for GET /health to answer 200 at an origin while the processes started are alive.
wait_ready() { # origin
  for _ in $(seq 1 120); do
    for pid in "${SERVER_PIDS[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "run.sh: a server exited before it became ready" >&2
        exit 1
      fi
    done
    if node -e '
      fetch(process.argv[1]).then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));
    ' "$1/health" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "run.sh: $1 did not answer GET /health with 200 within 60 s" >&2
  exit 1
}

if [[ -z "${LFREPO_CONFORMANCE_PG:-}" ]]; then
  PORT="$(free_port)"
  start_server memory "$PORT" --in-memory
  ORIGIN="http://127.0.0.1:$PORT"
  wait_ready "$ORIGIN"
else
  if [[ ! -x "$(local_proxy_nginx)" ]]; then
    echo "run.sh: LFREPO_CONFORMANCE_PG is set but nginx is not installed" >&2
    exit 2
  fi
  PORT_A="$(free_port)"; PORT_B="$(free_port)"; PORT="$(free_port)"
  mkdir -p "$WORK/data"
  # The first process migrates and seeds the empty database; the second waits for it, then both serve it.
  start_server a "$PORT_A" --store postgres --connection-string "$LFREPO_CONFORMANCE_PG" --data-dir "$WORK/data"
  start_server b "$PORT_B" --store postgres --connection-string "$LFREPO_CONFORMANCE_PG" --data-dir "$WORK/data"
  wait_ready "http://127.0.0.1:$PORT_A"
  wait_ready "http://127.0.0.1:$PORT_B"
  echo "run.sh: nginx on http://127.0.0.1:$PORT, round robin over ports $PORT_A and $PORT_B" >&2
  start_local_proxy "$WORK" "$PORT" "$PORT_A" "$PORT_B"
  ORIGIN="http://127.0.0.1:$PORT"
  wait_ready "$ORIGIN"
fi

# --- the tests -------------------------------------------------------------------------------------------------
if [[ $# -gt 0 ]]; then
  TESTS=("$@")
else
  TESTS=(*.test.mjs)
fi

set +e
# The control-plane tests start a server of their own from the same assembly (a reset would empty the shared one).
LFREPO_BASE_URL="$ORIGIN/LFRepositoryAPI" LFREPO_SERVER_DLL="$DLL" node --import ./hook.mjs --test "${TESTS[@]}"
TEST_EXIT=$?
set -e
exit "$TEST_EXIT"
