#!/usr/bin/env bash
# Runs every test suite — the xunit HTTP and contract tests, then the conformance suite through the official
# Laserfiche client against a started server, then the repository browser in headless Chromium — and ends with one line: N passed, N failed, N skipped.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOGS="$(mktemp -d -t lfrepo-tests.XXXXXX)"
passed=0 failed=0 skipped=0 broken=0

echo "== build (Release)"
if ! dotnet build LfRepo.sln -c Release -nologo -v quiet; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

for project in tests/LfRepo.Server.Tests tests/LfRepo.Testing.Tests; do
  echo "== xunit: $project"
  dotnet test "$project" -c Release --no-build -nologo 2>&1 | tee "$LOGS/xunit.log"
  summary="$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$LOGS/xunit.log" | tail -n 1)"
  if [[ -n "$summary" ]]; then
    failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")))
    passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")))
    skipped=$((skipped + $(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")))
  else
    echo "xunit: no summary line in $project; counting the suite as failed" >&2
    broken=$((broken + 1))
  fi
done

echo "== xunit on PostgreSQL: the test classes marked [Trait(\"Engine\", \"Both\")]"
pg_reason=""
if [[ -z "${LFREPO_TEST_PG:-}" ]]; then
  pg_reason="LFREPO_TEST_PG (a PostgreSQL connection string) is not set"
else
  pg_host="$(sed -nE 's/.*(^|;) *Host=([^;]*).*/\2/ip' <<<"$LFREPO_TEST_PG")"; pg_port="$(sed -nE 's/.*(^|;) *Port=([^;]*).*/\2/ip' <<<"$LFREPO_TEST_PG")"
  if ! (exec 3<>"/dev/tcp/${pg_host:-127.0.0.1}/${pg_port:-5432}") 2>/dev/null; then
    pg_reason="no PostgreSQL server answers on ${pg_host:-127.0.0.1}:${pg_port:-5432}"
  fi
fi
if [[ -n "$pg_reason" ]]; then
  echo "xunit on PostgreSQL: SKIPPED ($pg_reason)"
  skipped=$((skipped + 1))
else
  LFREPO_TEST_STORE=postgres dotnet test tests/LfRepo.Server.Tests -c Release --no-build -nologo --filter "Engine=Both" 2>&1 | tee "$LOGS/xunit-pg.log"
  summary="$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$LOGS/xunit-pg.log" | tail -n 1)"
  if [[ -n "$summary" ]]; then
    failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")))
    passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")))
    skipped=$((skipped + $(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")))
  elif grep -q "No test matches the given testcase filter" "$LOGS/xunit-pg.log"; then
    echo "xunit on PostgreSQL: SKIPPED (no test class is marked Engine=Both yet)"
    skipped=$((skipped + 1))
  else
    echo "xunit on PostgreSQL: no summary line; counting the run as failed" >&2
    broken=$((broken + 1))
  fi
fi

# Adds the pass/fail/skip lines node's test runner printed in a log to the totals (a run without them failed).
count_node_run() { # name log exit
  local name="$1" log="$2" run_exit="$3" n_pass n_fail n_skip n_todo
  n_pass="$(grep -E "^# pass [0-9]+$" "$log" | tail -n 1 | awk '{print $3}')"
  n_fail="$(grep -E "^# fail [0-9]+$" "$log" | tail -n 1 | awk '{print $3}')"
  n_skip="$(grep -E "^# skipped [0-9]+$" "$log" | tail -n 1 | awk '{print $3}')"
  n_todo="$(grep -E "^# todo [0-9]+$" "$log" | tail -n 1 | awk '{print $3}')"
  if [[ -n "$n_pass" && -n "$n_fail" ]]; then
    passed=$((passed + n_pass))
    failed=$((failed + n_fail))
    skipped=$((skipped + ${n_skip:-0} + ${n_todo:-0}))
    if [[ "$run_exit" -ne 0 && "$n_fail" -eq 0 ]]; then broken=$((broken + 1)); fi
  else
    echo "$name: no summary lines (exit $run_exit); counting the suite as failed" >&2
    broken=$((broken + 1))
  fi
}

echo "== conformance: tests/conformance (official @laserfiche/lf-repository-api-client-v2)"
LFREPO_SERVER_DLL="$ROOT/src/LfRepo.Server/bin/Release/net10.0/LfRepo.Server.dll" \
  bash tests/conformance/run.sh 2>&1 | tee "$LOGS/conformance.log"
count_node_run conformance "$LOGS/conformance.log" "${PIPESTATUS[0]}"

echo "== conformance on PostgreSQL: two LfRepo processes on one database behind nginx (round robin)"
two_reason=""
if [[ -n "$pg_reason" ]]; then
  two_reason="$pg_reason"
elif ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  two_reason="nginx is not installed"
elif ! command -v psql >/dev/null 2>&1; then
  two_reason="psql (to create the database) is not installed"
else
  pg_user="$(sed -nE 's/.*(^|;) *(Username|User ID)=([^;]*).*/\3/ip' <<<"$LFREPO_TEST_PG")"
  pg_password="$(sed -nE 's/.*(^|;) *Password=([^;]*).*/\2/ip' <<<"$LFREPO_TEST_PG")"
  two_db="lfrepo_conformance_$$"
  if ! PGPASSWORD="$pg_password" psql -h "${pg_host:-127.0.0.1}" -p "${pg_port:-5432}" -U "${pg_user:-postgres}" -d postgres -qc "CREATE DATABASE $two_db" >/dev/null; then
    two_reason="the database $two_db could not be created"
  fi
fi
if [[ -n "$two_reason" ]]; then
  echo "conformance on PostgreSQL: SKIPPED ($two_reason)"
  skipped=$((skipped + 1))
else
  LFREPO_CONFORMANCE_PG="Host=${pg_host:-127.0.0.1};Port=${pg_port:-5432};Username=${pg_user:-postgres};Password=${pg_password};Database=$two_db" \
    LFREPO_SERVER_DLL="$ROOT/src/LfRepo.Server/bin/Release/net10.0/LfRepo.Server.dll" \
    bash tests/conformance/run.sh 2>&1 | tee "$LOGS/conformance-pg.log"
  count_node_run "conformance on PostgreSQL" "$LOGS/conformance-pg.log" "${PIPESTATUS[0]}"
  PGPASSWORD="$pg_password" psql -h "${pg_host:-127.0.0.1}" -p "${pg_port:-5432}" -U "${pg_user:-postgres}" -d postgres -qc "DROP DATABASE IF EXISTS $two_db" >/dev/null 2>&1 || true
fi

echo "== browser: tests/browser (the repository browser at / in headless Chromium)"
LFREPO_SERVER_DLL="$ROOT/src/LfRepo.Server/bin/Release/net10.0/LfRepo.Server.dll" \
  bash tests/browser/run.sh 2>&1 | tee "$LOGS/browser.log"
count_node_run browser "$LOGS/browser.log" "${PIPESTATUS[0]}"

# --- packaging checks, each counted as one test ---------------------------------------------------------------
check() { # name, command...
  local name="$1"; shift
  echo "== check: $name"
  if "$@" >"$LOGS/check.log" 2>&1; then
    passed=$((passed + 1)); echo "ok: $name"
  else
    failed=$((failed + 1)); echo "FAILED: $name"; tail -n 40 "$LOGS/check.log"
  fi
}

# A package just packed keeps its version number: drop the copy an earlier run left in the NuGet cache.
forget_own_package() {
  local cache
  cache="$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: //')"
  [[ -n "$cache" ]] && rm -rf "${cache%/}/$1"
}

# The Dockerfile's publish step, run as the image build runs it (no Docker engine needed).
docker_publish() {
  local cmd
  cmd="$(grep -E '^RUN dotnet publish ' Dockerfile | sed -E 's/^RUN //; s# -o /app # -o '"$LOGS"'/publish #')"
  [[ -n "$cmd" ]] && eval "$cmd" -nologo -v quiet && [[ -f "$LOGS/publish/LfRepo.Server.dll" ]]
}

# dotnet pack, then the lfrepo tool installed into a temporary tool path and started once.
tool_starts() {
  rm -rf artifacts && mkdir -p artifacts
  dotnet pack src/LfRepo.Server -c Release -nologo -v quiet || return 1
  local tools="$LOGS/tools" port pid
  forget_own_package lfrepo.tool
  dotnet tool install --tool-path "$tools" --add-source ./artifacts LfRepo.Tool || return 1
  "$tools/lfrepo" --version || return 1
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  "$tools/lfrepo" --urls "http://127.0.0.1:$port" --in-memory >"$LOGS/tool.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do
    if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/health"; then
      kill "$pid"; wait "$pid" 2>/dev/null; grep -q "LfRepo .* ready" "$LOGS/tool.log"; return
    fi
    sleep 0.5
  done
  kill "$pid" 2>/dev/null; cat "$LOGS/tool.log"; return 1
}

# LfRepo.Testing packed, and the sample xunit project restoring it from ./artifacts.
sample_tests() {
  dotnet pack src/LfRepo.Testing -c Release -nologo -v quiet || return 1
  forget_own_package lfrepo.testing
  (cd samples/xunit && dotnet test -c Release -nologo)
}

check "Dockerfile publish step" docker_publish
check "dotnet tool: pack, install, start" tool_starts
check "samples/xunit on the LfRepo.Testing package" sample_tests

rm -rf "$LOGS"
failed=$((failed + broken))
echo "$passed passed, $failed failed, $skipped skipped"
[[ "$failed" -eq 0 ]]
