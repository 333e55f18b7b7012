#!/usr/bin/env bash
# Runs the repository browser's end-to-end tests: starts LfRepo in memory on a free loopback port and drives the
# page at / in headless Chromium (the system's /usr/bin/chromium, or $CHROMIUM) through playwright-core.
#
# Usage: tests/browser/run.sh
# Env:   LFREPO_SERVER_DLL    use this LfRepo.Server.dll instead of building src/LfRepo.Server (Release)
#        CHROMIUM             the Chromium binary (default /usr/bin/chromium)
#        LFREPO_SCREENSHOTS   a folder to save screenshots of the main views in
# Without Chromium it prints "# skipped 1" with the reason and exits 0.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$SCRIPT_DIR"

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  echo "run.sh: SKIPPED: no Chromium at $CHROMIUM (Debian: apt-get install chromium)"
  echo "# pass 0"; echo "# fail 0"; echo "# skipped 1"
  exit 0
fi

if [[ -n "${LFREPO_SERVER_DLL:-}" ]]; then
  DLL="$LFREPO_SERVER_DLL"
else
  echo "run.sh: building src/LfRepo.Server (Release)..." >&2
  dotnet build "$ROOT/src/LfRepo.Server" -c Release -nologo -v quiet >&2
  DLL="$ROOT/src/LfRepo.Server/bin/Release/net10.0/LfRepo.Server.dll"
fi
[[ -f "$DLL" ]] || { echo "run.sh: server assembly not found: $DLL" >&2; exit 2; }

if [[ ! -d node_modules ]]; then
  echo "run.sh: installing npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund >&2
fi

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
ORIGIN="http://127.0.0.1:$PORT"
SERVER_LOG="$(mktemp -t lfrepo-browser.XXXXXX)"
SERVER_PID=""
TEST_EXIT=1
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
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
for _ in $(seq 1 60); do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: the server exited before it became ready" >&2; exit 1; }
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' "$ORIGIN/health" 2>/dev/null; then ready=1; break; fi
  sleep 0.5
done
[[ -n "$ready" ]] || { echo "run.sh: the server did not answer GET /health with 200 within 30 s" >&2; exit 1; }

set +e
LFREPO_ORIGIN="$ORIGIN" node --test --test-concurrency=1 browser.test.mjs
TEST_EXIT=$?
set -e
exit "$TEST_EXIT"
