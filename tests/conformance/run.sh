#!/usr/bin/env bash
# Runs the conformance suite: starts LfRepo in memory on a free loopback port and drives it with the official
# Laserfiche JavaScript client (@laserfiche/lf-repository-api-client-v2) under Node's built-in test runner.
#
# Usage: tests/conformance/run.sh [test files...]     (default: every *.test.mjs here)
# Env:   LFREPO_SERVER_DLL  use this LfRepo.Server.dll instead of building src/LfRepo.Server (Release)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
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

# --- a free loopback port --------------------------------------------------------------------------------------
PORT="$(node -e '
  const s = require("net").createServer();
  s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
')"
ORIGIN="http://127.0.0.1:$PORT"

# --- start, and always stop ------------------------------------------------------------------------------------
SERVER_LOG="$(mktemp -t lfrepo-conformance.XXXXXX)"
SERVER_PID=""
TEST_EXIT=1

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "$TEST_EXIT" -ne 0 ]]; then
    echo "---- LfRepo server log (last 80 lines of $SERVER_LOG) ----" >&2
    tail -n 80 "$SERVER_LOG" >&2 || true
  else
    rm -f "$SERVER_LOG"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "run.sh: starting $DLL on $ORIGIN (in memory); log: $SERVER_LOG" >&2
dotnet "$DLL" --urls "$ORIGIN" --in-memory >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

ready=""
for _ in $(seq 1 60); do   # ~30 s
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "run.sh: the server exited before it became ready" >&2
    exit 1
  fi
  if node -e '
    fetch(process.argv[1]).then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));
  ' "$ORIGIN/health" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.5
done
if [[ -z "$ready" ]]; then
  echo "run.sh: the server did not answer GET /health with 200 within 30 s" >&2
  exit 1
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
