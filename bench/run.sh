#!/usr/bin/env bash
# LfRepo benchmark: builds the Release server and a bare-Kestrel baseline, seeds a store through the HTTP API,
# drives load with wrk on loopback and prints a Markdown table (also saved to bench/results/<timestamp>.md).
#
#   bash bench/run.sh           full run: 100,000 seeded entries, 3 interleaved rounds of 5 s warm-up + 10 s (about 12 min)
#   bash bench/run.sh --quick   quick run: 10,000 seeded entries, 1 round of 2 s warm-up + 3 s (under 2 min)
#
#   BENCH_PG="Host=…;Port=…;Username=…;Password=…;Database=…" (an empty database the run may fill) adds the
#   GetEntry, ListEntries and CreateEntry rows on one LfRepo process on PostgreSQL and on two behind nginx.
#
# Everything it starts (server, baseline, watchdog) is stopped on exit; every loop is bounded in count and time;
# every request goes to 127.0.0.1. See bench/README.md for what each row means.
set -euo pipefail

MODE=full
case "${1:-}" in
  "") ;;
  --quick) MODE=quick ;;
  -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  *) echo "usage: bash bench/run.sh [--quick]" >&2; exit 2 ;;
esac

if [[ $MODE == quick ]]; then
  SEED_COUNT=10000 TEXT_DOCS=2000 WARMUP=2 DURATION=3 ROUNDS=1 STARTUPS=3 TIME_LIMIT=${BENCH_TIME_LIMIT:-300} MIXED_SECONDS=5 TREE_ENTRIES=1000 BIG_FILE_MB=256 TABLE_ROWS=100000
else
  SEED_COUNT=100000 TEXT_DOCS=20000 WARMUP=5 DURATION=10 ROUNDS=3 STARTUPS=5 TIME_LIMIT=${BENCH_TIME_LIMIT:-3600} MIXED_SECONDS=15 TREE_ENTRIES=10000 BIG_FILE_MB=1024 TABLE_ROWS=100000
fi
# The PostgreSQL rows (BENCH_PG) seed and measure a second store: they get time of their own.
if [[ -n ${BENCH_PG:-} && -z ${BENCH_TIME_LIMIT:-} ]]; then
  if [[ $MODE == quick ]]; then TIME_LIMIT=$((TIME_LIMIT + 300)); else TIME_LIMIT=$((TIME_LIMIT + 1800)); fi
fi
THREADS=2 CONNECTIONS=32 SEED_CONCURRENCY=8 PAGE=150
REPO_ID=r-emulator
API=/LFRepositoryAPI

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=../scripts/local-proxy.sh
source "$ROOT/scripts/local-proxy.sh"
cd "$ROOT"
export BENCH_LUA="$BENCH_DIR/lua"
ARTIFACTS="$BENCH_DIR/.artifacts"
SERVER_DLL="$ARTIFACTS/bin/LfRepo.Server/release/LfRepo.Server.dll"
BASELINE_DLL="$ARTIFACTS/bin/Baseline/release/Baseline.dll"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH_DIR/results"
RESULT_MD="$BENCH_DIR/results/$STAMP.md"
RAW_LOG="$BENCH_DIR/results/$STAMP-raw.log"
# Scratch space (data folders, logs): RAM-backed when the machine has /dev/shm, like the server's own --in-memory
# store, so the numbers are the emulator's code rather than this machine's disk. BENCH_TMPDIR=path overrides.
SCRATCH_ROOT=${BENCH_TMPDIR:-$([[ -d /dev/shm && -w /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}
WORK=$(mktemp -d "$SCRATCH_ROOT/lfrepo-bench.XXXXXX")

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Processes: every pid we start is recorded and stopped on exit.
SERVER_PID="" BASELINE_PID="" WATCHDOG_PID="" PG_PIDS="" NGINX_PID_FILE=""

# Running and not yet a zombie (a child that has exited stays in /proc until it is waited for).
alive() { [[ -r /proc/$1/stat ]] && [[ $(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) != Z ]]; }

stop_pid() {
  local pid=$1
  [[ -n $pid ]] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do alive "$pid" || break; sleep 0.05; done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID"
  stop_pid "$BASELINE_PID"
  for pid in $PG_PIDS; do stop_pid "$pid"; done
  [[ -n $NGINX_PID_FILE && -f $NGINX_PID_FILE ]] && stop_pid "$(cat "$NGINX_PID_FILE")"
  [[ -n $WATCHDOG_PID ]] && kill "$WATCHDOG_PID" 2>/dev/null || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# The whole run is bounded in time: the watchdog ends it (and the trap stops what it started).
(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$TIME_LIMIT" & sleeper=$!
  wait "$sleeper"
  echo "[bench] time limit of ${TIME_LIMIT}s reached; stopping" >&2
  kill -TERM $$
) &
WATCHDOG_PID=$!

# ---------------------------------------------------------------------------------------------------------------
# Tools and builds
need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk; then
  log "installing Debian's wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; } \
    || die "wrk is missing and could not be installed (apt-get install -y wrk)"
fi
for tool in dotnet curl node; do need "$tool" || die "$tool is required"; done

log "building the Release server and the baseline into bench/.artifacts"
# --disable-build-servers: no compiler or MSBuild server stays behind to share the cores with the measurements.
dotnet build src/LfRepo.Server -c Release --artifacts-path "$ARTIFACTS" --disable-build-servers -nologo -v q >"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log" >&2; die "server build failed"; }
dotnet build bench/Baseline -c Release --artifacts-path "$ARTIFACTS" --disable-build-servers -nologo -v q >>"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log" >&2; die "baseline build failed"; }
[[ -f $SERVER_DLL && -f $BASELINE_DLL ]] || die "build output not found under bench/.artifacts"

# ---------------------------------------------------------------------------------------------------------------
# Helpers
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port found"
}

now_ns() { date +%s%N; }

# Polls URL until it answers 200; bounded by $2 seconds. Returns non-zero on timeout.
wait_for_200() {
  local url=$1 limit=${2:-60} deadline code
  deadline=$(( $(now_ns) + limit * 1000000000 ))
  while (( $(now_ns) < deadline )); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)
    [[ $code == 200 ]] && return 0
    sleep 0.005
  done
  return 1
}

# Starts the server on $SERVER_PORT with a fresh data folder; sets SERVER_PID.
start_server() {
  local data=$1 logfile=$2
  shift 2
  # The Token endpoint's per-address limit is lifted: the token rows measure what issuing a token costs.
  dotnet "$SERVER_DLL" --urls "http://127.0.0.1:$SERVER_PORT" --data-dir "$data" --token-lifetime 7200 \
    --Serilog:MinimumLevel:Override:Microsoft.AspNetCore.HttpLogging=Warning \
    --LfRepo:Auth:TokenRequestBurst=100000000 --LfRepo:Auth:TokenRequestsPerMinute=100000000 "$@" >"$logfile" 2>&1 &
  SERVER_PID=$!
}

# A lookup table of $TABLE_ROWS rows for the Table API row, declared in a seed the server loads at start.
write_table_seed() {
  awk -v n="$TABLE_ROWS" 'BEGIN {
    print "Name,Region,Amount,Active";
    for (i = 1; i <= n; i++) printf "Name %06d,R%02d,%d.%02d,%s\n", i, i % 50, (i * 7919) % 100000, i % 100, (i % 3 ? "true" : "false")
  }' >"$WORK/bench-table.csv"
  cat >"$WORK/tables.json" <<JSON
{ "tables": [ { "name": "BenchRows", "columns": [
  { "name": "Name", "type": "Text", "maximumTextLength": 40 }, { "name": "Region", "type": "Text", "maximumTextLength": 8 },
  { "name": "Amount", "type": "Numeric" }, { "name": "Active", "type": "Boolean" } ], "csv": "bench-table.csv" } ] }
JSON
}

start_baseline() {
  dotnet "$BASELINE_DLL" --urls "http://127.0.0.1:$BASELINE_PORT" >"$1" 2>&1 &
  BASELINE_PID=$!
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# CPU time (user + system) of one or more processes in microseconds, from /proc.
cpu_us() {
  local ticks=0 hz pid
  hz=$(getconf CLK_TCK)
  for pid in "$@"; do
    ticks=$(( ticks + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo $(( ticks * 1000000 / hz ))
}

# CPU time (µs) the whole machine spent busy, from /proc/stat: user nice system irq softirq steal.
machine_busy_us() {
  local hz
  hz=$(getconf CLK_TCK)
  awk -v hz="$hz" '/^cpu / { printf "%.0f", ($2 + $3 + $4 + $7 + $8 + $9) * 1000000 / hz; exit }' /proc/stat
}

peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

json_field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" | head -1; }

fmt_int() {
  awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    print s out }'
}

SERVER_PORT=$(free_port)
BASELINE_PORT=$(free_port)
while [[ $BASELINE_PORT == "$SERVER_PORT" ]]; do BASELINE_PORT=$(free_port); done
BASE="http://127.0.0.1:$SERVER_PORT"
BASE_API="$BASE$API"

# ---------------------------------------------------------------------------------------------------------------
# Start-up to first answered request: process start -> first 200 from /health (which reads the store).
log "measuring start-up ($STARTUPS times each, fresh data folder each time)"
: >"$WORK/startup-server" ; : >"$WORK/startup-baseline"
for i in $(seq "$STARTUPS"); do
  t0=$(now_ns)
  start_server "$WORK/startup-data-$i" "$WORK/startup-server-$i.log"
  wait_for_200 "$BASE/health" 60 || { tail -20 "$WORK/startup-server-$i.log" >&2; die "server did not answer /health within 60 s"; }
  echo "$(( ($(now_ns) - t0) / 1000000 ))" >>"$WORK/startup-server"
  stop_pid "$SERVER_PID"; SERVER_PID=""
  rm -rf "$WORK/startup-data-$i"

  t0=$(now_ns)
  start_baseline "$WORK/startup-baseline-$i.log"
  wait_for_200 "http://127.0.0.1:$BASELINE_PORT/health" 60 || die "baseline did not answer /health within 60 s"
  echo "$(( ($(now_ns) - t0) / 1000000 ))" >>"$WORK/startup-baseline"
  stop_pid "$BASELINE_PID"; BASELINE_PID=""
done
STARTUP_SERVER_MS=$(median <"$WORK/startup-server")
STARTUP_BASELINE_MS=$(median <"$WORK/startup-baseline")
seconds_list() { awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / 1000 }' "$1"; }
STARTUP_SERVER_ALL=$(seconds_list "$WORK/startup-server")
STARTUP_BASELINE_ALL=$(seconds_list "$WORK/startup-baseline")

# ---------------------------------------------------------------------------------------------------------------
# The servers under test, a token, and the seeded store.
log "starting the server on 127.0.0.1:$SERVER_PORT and the baseline on 127.0.0.1:$BASELINE_PORT"
write_table_seed
# Background indexing is off so that the catch-up row measures what indexing costs (by default the server indexes
# new page texts every 2 s, while they are imported).
start_server "$WORK/data" "$WORK/server.log" --tables-seed "$WORK/tables.json" --LfRepo:Search:IndexIntervalSeconds=0
start_baseline "$WORK/baseline.log"
wait_for_200 "$BASE/health" 60 || { tail -20 "$WORK/server.log" >&2; die "server did not start"; }
wait_for_200 "http://127.0.0.1:$BASELINE_PORT/health" 60 || die "baseline did not start"

TOKEN_PATH="$API/v1/Repositories/$REPO_ID/Token"
ENTRY_PATH="$API/v2/Repositories/$REPO_ID/Entries/"
get_token() {
  curl -s --max-time 30 -X POST "$BASE$TOKEN_PATH" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data 'grant_type=password&username=admin&password=admin' | json_field access_token
}
TOKEN=$(get_token)
[[ -n $TOKEN ]] || die "no access_token from $TOKEN_PATH"
AUTH="Authorization: Bearer $TOKEN"
# The seed's ordinary user (rights from the root ACE of the Users group), for the listing rows that compare with admin.
USER1_TOKEN=$(curl -s --max-time 30 -X POST "$BASE$TOKEN_PATH" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data 'grant_type=password&username=user1&password=user1' | json_field access_token)
[[ -n $USER1_TOKEN ]] || die "no access_token for user1 from $TOKEN_PATH"
USER1_AUTH="Authorization: Bearer $USER1_TOKEN"

# Creates a folder under $1 named $2 and prints its id.
create_folder() {
  curl -s --max-time 30 -X POST "$BASE_API/v2/Repositories/$REPO_ID/Entries/$1/Folder/Children" -H "$AUTH" \
    -H 'Content-Type: application/json' --data "{\"name\":\"$2\",\"entryType\":\"Folder\"}" | json_field id
}
SEED_FOLDER=$(create_folder 1 "bench-seed")
CREATE_FOLDER=$(create_folder 1 "bench-create")
PROBE_FOLDER=$(create_folder 1 "bench-probe")
PROBE_TARGET=$(create_folder 1 "bench-probe-target")
[[ -n $SEED_FOLDER && -n $CREATE_FOLDER && -n $PROBE_FOLDER && -n $PROBE_TARGET ]] || die "could not create the bench folders"

log "seeding $SEED_COUNT folders under folder $SEED_FOLDER (CreateEntry, $SEED_CONCURRENCY concurrent requests)"
SEED_JSON=$(node "$BENCH_DIR/tools/driver.mjs" seed --base "$BASE_API" --token "$TOKEN" --parent "$SEED_FOLDER" \
  --count "$SEED_COUNT" --concurrency "$SEED_CONCURRENCY" --timeout $((TIME_LIMIT * 2 / 3)))
log "seeded: $SEED_JSON"
SEEDED=$(json_field count <<<"$SEED_JSON")
ID_MIN=$(json_field minId <<<"$SEED_JSON")
ID_MAX=$(json_field maxId <<<"$SEED_JSON")
SEED_SECONDS=$(json_field seconds <<<"$SEED_JSON")
[[ $SEEDED == "$SEED_COUNT" ]] || die "seeded $SEEDED of $SEED_COUNT folders"
(( ID_MAX - ID_MIN + 1 == SEED_COUNT )) || log "warning: seeded ids are not contiguous ($ID_MIN..$ID_MAX); GetEntry may hit gaps (404s show as non-2xx)"

LIST_URL="$BASE_API/v2/Repositories/$REPO_ID/Entries/$SEED_FOLDER/Folder/Children"
# The deep pages: the last full page reached by following the server's own @odata.nextLink, and $skip=N-150.
NEXTLINK_OFFSET=$(( (SEED_COUNT - PAGE) / PAGE * PAGE ))
SKIP_OFFSET=$(( SEED_COUNT - PAGE ))
log "following @odata.nextLink (Prefer: maxpagesize=$PAGE) to the page at row offset $NEXTLINK_OFFSET"
WALK_JSON=$(node "$BENCH_DIR/tools/driver.mjs" walk --url "$LIST_URL" --token "$TOKEN" --pagesize "$PAGE" \
  --from-offset "$NEXTLINK_OFFSET" --max-pages $((SEED_COUNT / PAGE + 5)) --timeout 300)
DEEP_URL=$(json_field url <<<"$WALK_JSON")
WALK_PAGES=$(json_field pages <<<"$WALK_JSON")
WALK_SECONDS=$(json_field seconds <<<"$WALK_JSON")
[[ $(json_field offset <<<"$WALK_JSON") == "$NEXTLINK_OFFSET" ]] || die "nextLink walk ended elsewhere: $WALK_JSON"
[[ $DEEP_URL == "http://127.0.0.1:$SERVER_PORT/"* ]] || die "nextLink does not point at the server under test: $DEEP_URL"
SKIP_URL="$LIST_URL?\$skip=$SKIP_OFFSET"

# ---------------------------------------------------------------------------------------------------------------
# Load rows: name | target (server or baseline) | lua script | URL | extra wrk arguments
ROWS=(
  "baseline|baseline|plain.lua|http://127.0.0.1:$BASELINE_PORT/entry|"
  "getentry|server|getentry.lua|$BASE$ENTRY_PATH|H_AUTH"
  "list-first|server|plain.lua|$LIST_URL|H_AUTH"
  "list-deep-nextlink|server|plain.lua|$DEEP_URL|H_AUTH H_PREFER"
  "list-deep-skip|server|plain.lua|$SKIP_URL|H_AUTH"
  "list-count-admin|server|plain.lua|$LIST_URL?\$count=true|H_AUTH"
  "list-count-user1|server|plain.lua|$LIST_URL?\$count=true|U1_AUTH"
  "list-first-user1|server|plain.lua|$LIST_URL|U1_AUTH"
  "token|server|token.lua|$BASE$TOKEN_PATH|"
  "token-getentry|server|token_getentry.lua|$BASE$TOKEN_PATH|"
  "create|server|create.lua|$BASE_API/v2/Repositories/$REPO_ID/Entries/$CREATE_FOLDER/Folder/Children|H_AUTH"
  "create-big|server|create.lua|$BASE_API/v2/Repositories/$REPO_ID/Entries/$SEED_FOLDER/Folder/Children|H_AUTH CREATE_IN_SEED"
  "diag-health|server|plain.lua|$BASE/health|"
  "diag-404|server|plain.lua|$BASE_API/v2/Repositories/$REPO_ID/Entries/2147483647|H_AUTH"
)
declare -A LABEL=(
  [baseline]="Baseline: bare Kestrel minimal API, fixed 16-member Entry JSON"
  [getentry]="GetEntry by id (random among $SEED_COUNT seeded)"
  [list-first]="ListEntries, first page of $PAGE"
  [list-deep-nextlink]="ListEntries, deep page via @odata.nextLink (rows $((NEXTLINK_OFFSET + 1))–$((NEXTLINK_OFFSET + PAGE)))"
  [list-deep-skip]="ListEntries, deep page via \$skip=$SKIP_OFFSET"
  [list-count-admin]="ListEntries with \$count=true (all $SEED_COUNT children counted), as admin"
  [list-count-user1]="ListEntries with \$count=true (all $SEED_COUNT children counted, each one's rights checked), as user1"
  [list-first-user1]="ListEntries, first page of $PAGE, as user1 (rights checked per row)"
  [token]="Token issuance (POST Token, password grant)"
  [token-getentry]="Token + GetEntry (alternating POST Token / GET)"
  [create]="CreateEntry (new uniquely named folder, in a small folder)"
  [create-big]="CreateEntry into the $SEED_COUNT-entry folder"
  [diag-health]="diagnostic: GET /health (no auth, one SQLite COUNT)"
  [diag-404]="diagnostic: GetEntry of an id that does not exist (auth + MVC + one store read + a 404 ProblemDetails)"
)

export ENTRY_PATH TOKEN_PATH TOKEN ID_MIN ID_MAX
CREATE_SMALL_PATH="$API/v2/Repositories/$REPO_ID/Entries/$CREATE_FOLDER/Folder/Children"
CREATE_SEED_PATH="$API/v2/Repositories/$REPO_ID/Entries/$SEED_FOLDER/Folder/Children"

run_row() {
  local name=$1 target=$2 script=$3 url=$4 extra=$5 round=$6 pid out line
  local -a args=(-t"$THREADS" -c"$CONNECTIONS" --timeout 10s -s "$BENCH_LUA/$script")
  [[ $extra == *H_AUTH* ]] && args+=(-H "$AUTH")
  [[ $extra == *U1_AUTH* ]] && args+=(-H "$USER1_AUTH")
  [[ $extra == *H_PREFER* ]] && args+=(-H "Prefer: maxpagesize=$PAGE")
  pid=$SERVER_PID; [[ $target == baseline ]] && pid=$BASELINE_PID; [[ $target == pg ]] && pid=$PG_PIDS
  export CREATE_PATH=$CREATE_SMALL_PATH
  [[ $extra == *CREATE_IN_SEED* ]] && CREATE_PATH=$CREATE_SEED_PATH
  export RUN="$STAMP-$name-$round-w"
  wrk "${args[@]}" -d"${WARMUP}s" "$url" >/dev/null 2>&1 || true
  export RUN="$STAMP-$name-$round-m"
  local cpu0 cpu1 busy0 busy1 wrk_us
  busy0=$(machine_busy_us)
  cpu0=$(cpu_us $pid)
  { TIMEFORMAT='%U %S'; time wrk "${args[@]}" -d"${DURATION}s" --latency "$url" >"$WORK/wrk.out" 2>&1; } 2>"$WORK/wrk.time" || true
  cpu1=$(cpu_us $pid)
  busy1=$(machine_busy_us)
  out=$(cat "$WORK/wrk.out")
  wrk_us=$(awk '{ printf "%.0f", ($1 + $2) * 1000000 }' "$WORK/wrk.time")
  { echo "### $name round $round: $url"; echo "$out"; echo; } >>"$RAW_LOG"
  line=$(grep '^BENCH_RESULT' <<<"$out" || true)
  [[ -n $line ]] || { log "wrk printed no result for $name:"; echo "$out" >&2; die "wrk failed"; }
  # rps p50_us p99_us non2xx socket_errors cpu_us_per_request other_cpu_percent_of_one_core
  awk -v cpu=$((cpu1 - cpu0)) -v other=$((busy1 - busy0 - (cpu1 - cpu0) - wrk_us)) '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      rps = v["requests"] / (v["duration_us"] / 1e6)
      o = other * 100 / v["duration_us"]; if (o < 0) o = 0
      printf "%.1f %s %s %s %s %s %.0f\n", rps, v["p50_us"], v["p99_us"], v["non2xx"], v["socket_errors"], (v["requests"] > 0 ? cpu / v["requests"] : 0), o
    }' <<<"$line" >>"$WORK/row-$name"
}

ROW_COUNT=${#ROWS[@]}
log "load: $ROUNDS round(s) x $ROW_COUNT rows, wrk -t$THREADS -c$CONNECTIONS, ${WARMUP}s warm-up + ${DURATION}s measured each"
for round in $(seq "$ROUNDS"); do
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name target script url extra <<<"$row"
    log "round $round/$ROUNDS: $name"
    run_row "$name" "$target" "$script" "$url" "$extra" "$round"
  done
done
SERVER_PEAK_RSS=$(peak_rss_mb "$SERVER_PID")

# ---------------------------------------------------------------------------------------------------------------
# Features not built yet: each row probes its endpoint. A 501 means "not built yet"; anything else means the
# endpoint exists and its measurement should be written: fill in the measure_* function named in the row.
measure_not_written() { echo "endpoint answers HTTP $1; measurement not written yet (add it in bench/run.sh: $2)"; }
DRIVER="$BENCH_DIR/tools/driver.mjs"

# A tree of $TREE_ENTRIES entries (a root, folders of 99 children) built through CreateEntry, then copied with
# StartCopyEntry; the time runs from the POST to the task's Completed in ListTasks (long-polled).
measure_copy_tree() {
  local tree_json copy_json root seconds status
  tree_json=$(node "$DRIVER" tree --base "$BASE_API" --token "$TOKEN" --parent 1 --entries "$TREE_ENTRIES" --name bench-tree) \
    || { echo "HTTP $1; building the tree failed"; return; }
  root=$(json_field rootId <<<"$tree_json")
  echo "$root" >"$WORK/tree-root"
  copy_json=$(node "$DRIVER" task --base "$BASE_API" --token "$TOKEN" --method POST \
    --path "/v2/Repositories/$REPO_ID/Entries/$PROBE_TARGET/Folder/CopyAsync" \
    --body "{\"sourceId\":$root,\"name\":\"bench-tree-copy\"}" --timeout 600) || { echo "HTTP $1; the copy task failed"; return; }
  status=$(json_field status <<<"$copy_json"); seconds=$(json_field seconds <<<"$copy_json")
  json_field resultEntryId <<<"$copy_json" >"$WORK/copy-root"
  echo "$seconds s, $(awk -v n="$TREE_ENTRIES" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') entries/s (task $status; building the source through CreateEntry took $(json_field seconds <<<"$tree_json") s)"
}

# StartDeleteEntry of the copy made above (or of the source tree): POST to Completed, as above.
measure_delete_tree() {
  local root delete_json seconds status
  root=$(cat "$WORK/copy-root" 2>/dev/null || true)
  [[ -n $root && $root != null ]] || root=$(cat "$WORK/tree-root" 2>/dev/null || true)
  if [[ -z $root ]]; then
    root=$(node "$DRIVER" tree --base "$BASE_API" --token "$TOKEN" --parent 1 --entries "$TREE_ENTRIES" --name bench-tree-del | json_field rootId) \
      || { echo "HTTP $1; building the tree failed"; return; }
  fi
  delete_json=$(node "$DRIVER" task --base "$BASE_API" --token "$TOKEN" --method DELETE \
    --path "/v2/Repositories/$REPO_ID/Entries/$root" --timeout 600) || { echo "HTTP $1; the delete task failed"; return; }
  status=$(json_field status <<<"$delete_json"); seconds=$(json_field seconds <<<"$delete_json")
  echo "$seconds s, $(awk -v n="$TREE_ENTRIES" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') entries/s (task $status)"
}
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

# A $BIG_FILE_MB MB file imported the way large files are: CreateMultipartUploadUrls, a PUT of each 100 MB part
# to the URLs the server hands out, then StartImportUploadedParts until its task completes. Times the whole flow.
measure_import_1gb() {
  local part_mb=100 parts urls_json upload_id url etag etags="" i=0 start_ns task_json seconds status rss_before
  parts=$(( (BIG_FILE_MB + part_mb - 1) / part_mb ))
  head -c "$((BIG_FILE_MB * 1024 * 1024))" /dev/urandom >"$WORK/big.bin"
  rss_before=$(rss_mb "$SERVER_PID")
  start_ns=$(now_ns)
  urls_json=$(curl -s -X POST "$BASE_API/v2/Repositories/$REPO_ID/Entries/CreateMultipartUploadUrls" -H "$AUTH" \
    -H 'Content-Type: application/json' --data "{\"numberOfParts\":$parts,\"fileName\":\"big.bin\",\"mimeType\":\"application/octet-stream\"}")
  upload_id=$(json_field uploadId <<<"$urls_json")
  [[ -n $upload_id ]] || { echo "HTTP $1; CreateMultipartUploadUrls failed: $urls_json"; return; }
  while read -r url; do
    etag=$(dd if="$WORK/big.bin" bs=1M skip=$((i * part_mb)) count="$part_mb" status=none \
      | curl -s -D - -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' --data-binary @- "$url" \
      | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')
    [[ -n $etag ]] || { echo "HTTP $1; uploading part $((i + 1)) failed"; return; }
    etags+="${etags:+,}$(printf '%s' "$etag" | sed 's/"/\\"/g; s/^/"/; s/$/"/')"
    i=$((i + 1))
  done < <(sed 's/.*"urls":\[//; s/\].*//' <<<"$urls_json" | tr ',' '\n' | tr -d '"')
  task_json=$(node "$DRIVER" task --base "$BASE_API" --token "$TOKEN" --method POST \
    --path "/v2/Repositories/$REPO_ID/Entries/1/Folder/ImportUploadedParts" \
    --body "{\"uploadId\":\"$upload_id\",\"partETags\":[$etags],\"name\":\"bench-big\",\"autoRename\":true}" --timeout 600) \
    || { echo "HTTP $1; the import task failed"; return; }
  status=$(json_field status <<<"$task_json")
  json_field resultEntryId <<<"$task_json" >"$WORK/big-entry"
  seconds=$(awk -v a="$start_ns" -v b="$(now_ns)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  echo "$BIG_FILE_MB MB in $seconds s, $(awk -v m="$BIG_FILE_MB" -v s="$seconds" 'BEGIN { printf "%.0f", m / s }') MB/s in $parts parts (task $status); server RSS $rss_before MB before, $(rss_mb "$SERVER_PID") MB after, peak $(peak_rss_mb "$SERVER_PID") MB"
}

# ExportEntry of the imported file's Edoc and one GET of the download link, timed together.
measure_export_1gb() {
  local entry link start_ns size seconds rss_before
  entry=$(cat "$WORK/big-entry" 2>/dev/null || true)
  [[ -n $entry && $entry != null ]] || { echo "HTTP $1; no imported file to export (the import row failed)"; return; }
  rss_before=$(rss_mb "$SERVER_PID")
  start_ns=$(now_ns)
  link=$(curl -s -X POST "$BASE_API/v2/Repositories/$REPO_ID/Entries/$entry/Export" -H "$AUTH" -H 'Content-Type: application/json' \
    --data '{"part":"Edoc"}' | json_field value)
  [[ -n $link ]] || { echo "HTTP $1; ExportEntry gave no link"; return; }
  size=$(curl -s -o /dev/null -w '%{size_download}' "$link")
  seconds=$(awk -v a="$start_ns" -v b="$(now_ns)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  rm -f "$WORK/big.bin"
  echo "$((size / 1024 / 1024)) MB in $seconds s, $(awk -v m="$((size / 1024 / 1024))" -v s="$seconds" 'BEGIN { printf "%.0f", m / s }') MB/s; server RSS $rss_before MB before, $(rss_mb "$SERVER_PID") MB after, peak $(peak_rss_mb "$SERVER_PID") MB"
}

json_escape() { sed 's/\\/\\\\/g; s/"/\\"/g' <<<"$1"; }

# Five timed SimpleSearches of one search command: prints "`command` X ms (HTTP code)", the median time and the
# most frequent status (206 when more than 100 entries matched).
time_simple_search() {
  local command=$1 body times code
  body="{\"searchCommand\":\"$(json_escape "$command")\"}"
  times=$(for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST "$BASE_API/v2/Repositories/$REPO_ID/SimpleSearches" \
      -H "$AUTH" -H 'Content-Type: application/json' --data "$body"
  done)
  code=$(awk '{ print $1 }' <<<"$times" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
  echo "\`$command\` $(awk '{ print $2 * 1000 }' <<<"$times" | median | awk '{ printf "%.1f", $1 }') ms (HTTP $code)"
}

# Three SearchAsync tasks of one search command, with a fuzzy setting (JSON members) or none, each timed by the driver
# from the POST to Completed (ListTasks long-polled): prints "<setting> X s (N hits)", the median and the result count.
time_search_task() {
  local command=$1 fuzzy=$2 setting=$3 json seconds="" uri hits
  for _ in 1 2 3; do
    json=$(node "$DRIVER" task --base "$BASE_API" --token "$TOKEN" --method POST --path "/v2/Repositories/$REPO_ID/Searches/SearchAsync" \
      --body "{\"searchCommand\":\"$(json_escape "$command")\"${fuzzy:+,$fuzzy}}" --timeout 300 2>&1) || { echo "$setting failed: $json"; return; }
    [[ $(json_field status <<<"$json") == Completed ]] || { echo "$setting: task $(json_field status <<<"$json")"; return; }
    seconds+="$(json_field seconds <<<"$json")"$'\n'
    uri=$(json_field resultUri <<<"$json")
  done
  hits=$(curl -s -G "$uri" -H "$AUTH" --data-urlencode '$count=true' --data-urlencode '$top=1' | json_field '@odata.count')
  echo "$setting $(median <<<"${seconds%$'\n'}" | awk '{ printf "%.3f", $1 }') s (${hits:-?} hits)"
}

# One seeded name (the driver names them f + the number padded to the width of the count), and a misspelling of it.
SEED_WORD=$(printf "f%0${#SEED_COUNT}d" $((SEED_COUNT / 2)))
SEED_WORD_FUZZY="${SEED_WORD%?}x"

# How big the store is when a search row runs (a search without LF:Lookin considers every entry, including the
# folders the load rows created): the seeded folder's children from ListEntries $count (the create-big row adds to
# them), and every entry when the sqlite3 shell is there to count them (read-only; the line says "?" otherwise).
store_size() {
  local folder store="?"
  folder=$(curl -s -G "$LIST_URL" -H "$AUTH" --data-urlencode '$count=true' --data-urlencode '$top=1' | json_field '@odata.count')
  if need sqlite3 && [[ -f $WORK/data/lfrepo.db ]]; then
    store=$(sqlite3 -readonly "$WORK/data/lfrepo.db" 'SELECT COUNT(*) FROM Entries' 2>/dev/null || echo "?")
  fi
  echo "$(fmt_int "${folder:-0}") entries in the seeded folder, $( [[ $store == "?" ]] && echo "?" || fmt_int "$store") in the store"
}

# SimpleSearches over the seeded folder: a prefix search that finds a handful, a suffix search that finds a tenth of
# the folder (truncated to 100, 206), and a word search of names (~=) that finds one. Median of 5 timed requests each.
measure_search_100k() {
  echo "$(store_size): prefix $(time_simple_search '{LF:Name="f00012*", Type=F}');" \
    "suffix $(time_simple_search '{LF:Name="*5", Type=F}'); word $(time_simple_search "{LF:Name ~= \"$SEED_WORD\"}")"
}

# The word search of names made fuzzy: SearchAsync for a seeded name with its last digit misspelt; and, to compare,
# the same task for the name itself without fuzzy matching.
measure_fuzzy_names() {
  local command="{LF:Name ~= \"$SEED_WORD_FUZZY\"}" exact="{LF:Name ~= \"$SEED_WORD\"}"
  echo "\`$command\`: $(time_search_task "$command" '"fuzzyType":"NumberOfLetters","fuzzyFactor":1' 'NumberOfLetters 1');" \
    "$(time_search_task "$command" '"fuzzyType":"Percentage","fuzzyFactor":80' 'Percentage 80');" \
    "not fuzzy, \`$exact\`: $(time_search_task "$exact" '' 'exact')"
}

# $TEXT_DOCS small text documents imported into a new folder (driver.mjs texts: multipart ImportEntry, a few hundred
# generated words each). No search runs between this row and the next, so the next one finds them all unindexed.
measure_import_texts() {
  local json
  json=$(node "$DRIVER" texts --base "$BASE_API" --token "$TOKEN" --parent 1 --count "$TEXT_DOCS" --concurrency "$SEED_CONCURRENCY" \
    --name bench-texts --timeout $((TIME_LIMIT / 3))) || { echo "HTTP $1; importing the texts failed"; return; }
  echo "$json" >"$WORK/texts.json"
  log "imported texts: $json"
  echo "$(fmt_int "$(json_field count <<<"$json")") documents, $(fmt_int "$(json_field words <<<"$json")") words in $(json_field seconds <<<"$json") s" \
    "($(awk -v n="$(json_field count <<<"$json")" -v s="$(json_field seconds <<<"$json")" 'BEGIN { printf "%.0f", n / s }') documents/s; $(json_field failed <<<"$json") failed)"
}

# The first full-text search after the import: its time is mostly indexing the new page texts (the index catches up
# lazily, before each search). It searches one document's marker word, so the search itself is small.
measure_index_catchup() {
  local marker docs times
  [[ -s $WORK/texts.json ]] || { echo "HTTP $1; no texts were imported (the import row failed)"; return; }
  marker=$(json_field marker <"$WORK/texts.json"); docs=$(json_field count <"$WORK/texts.json")
  times=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST "$BASE_API/v2/Repositories/$REPO_ID/SimpleSearches" \
    -H "$AUTH" -H 'Content-Type: application/json' --data "{\"searchCommand\":\"$marker\"}")
  awk -v n="$docs" -v m="$marker" -v c="${times% *}" -v t="${times#* }" \
    'BEGIN { printf "%.2f s for %d new page texts, %.2f ms per document (search for `%s`, HTTP %s)\n", t, n, t * 1000 / n, m, c }'
}

# Full-text SimpleSearches once the index has caught up: a word in nearly every document (truncated, 206), one
# document's marker word, and a phrase of two words.
measure_full_text() {
  local common marker phrase
  [[ -s $WORK/texts.json ]] || { echo "HTTP $1; no texts were imported (the import row failed)"; return; }
  common=$(json_field common <"$WORK/texts.json"); marker=$(json_field marker <"$WORK/texts.json")
  phrase=$(json_field phrase <"$WORK/texts.json")
  echo "$(fmt_int "$(json_field count <"$WORK/texts.json")") documents ($(store_size)): common word $(time_simple_search "$common"); marker" \
    "$(time_simple_search "$marker"); phrase $(time_simple_search "\"$phrase\"")"
}

# Fuzzy full-text search: SearchAsync for a misspelt vocabulary word; the server expands it through the index's
# vocabulary (every indexed word of a similar length, edit distance in C#). To compare, the same task for the word
# spelt right, without fuzzy matching.
measure_fuzzy_text() {
  local word of
  [[ -s $WORK/texts.json ]] || { echo "HTTP $1; no texts were imported (the import row failed)"; return; }
  word=$(json_field fuzzy <"$WORK/texts.json"); of=$(json_field fuzzyOf <"$WORK/texts.json")
  echo "\`$word\` (misspelt \`$of\`): $(time_search_task "$word" '"fuzzyType":"NumberOfLetters","fuzzyFactor":1' 'NumberOfLetters 1');" \
    "$(time_search_task "$word" '"fuzzyType":"Percentage","fuzzyFactor":80' 'Percentage 80'); not fuzzy, \`$of\`: $(time_search_task "$of" '' 'exact')"
}

# Table API: an OData $filter over the $TABLE_ROWS-row lookup table, translated to SQL. Median of 5 requests each.
measure_table_filter() {
  local out="" query times code parts args
  for query in "\$filter=Amount gt 99000 and Active eq true&\$count=true&\$top=10" \
               "\$filter=startswith(Name,'Name 0999') and Region eq 'R01'&\$orderby=Amount desc" \
               "\$apply=groupby((Region),aggregate(Amount with average as Average))"; do
    IFS='&' read -ra parts <<<"$query"
    args=()
    for part in "${parts[@]}"; do args+=(--data-urlencode "$part"); done
    times=$(for _ in 1 2 3 4 5; do
      curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -G "$BASE/odata4/table/BenchRows" -H "$AUTH" "${args[@]}"
    done)
    code=$(awk '{ print $1 }' <<<"$times" | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
    out+="${out:+; }\`${parts[0]}\` $(awk '{ print $2 * 1000 }' <<<"$times" | median | awk '{ printf "%.1f", $1 }') ms (HTTP $code)"
  done
  echo "$(fmt_int "$TABLE_ROWS") rows: $out"
}

# Control plane: save the seeded store as a snapshot and restore it (online backup of the databases, content
# hard-linked), 3 times each.
measure_snapshot() {
  local save restore codes entries
  save=$(for _ in 1 2 3; do
    curl -s -o "$WORK/snapshot.json" -w '%{http_code} %{time_total}\n' --max-time 60 -X PUT "$BASE/_emulator/snapshots/bench" -H "$AUTH"
  done)
  restore=$(for _ in 1 2 3; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 60 -X POST "$BASE/_emulator/snapshots/bench/restore" -H "$AUTH"
  done)
  codes=$(printf '%s\n%s\n' "$save" "$restore" | awk '{ print $1 }' | sort -u | tr '\n' ' ')
  entries=$(sed -n 's/.*"entryCount":\([0-9]*\).*/\1/p' "$WORK/snapshot.json")
  echo "$(fmt_int "${entries:-0}") entries: save $(awk '{ print $2 * 1000 }' <<<"$save" | median | awk '{ printf "%.0f", $1 }') ms, restore $(awk '{ print $2 * 1000 }' <<<"$restore" | median | awk '{ printf "%.0f", $1 }') ms (HTTP ${codes% })"
}

# Writes under mixed load: 64 connections, 30% of the requests CreateEntry into a folder of their own, the rest
# GetEntry of seeded ids; the latency of writes and reads apart (driver.mjs mixed, its own HTTP client).
measure_mixed_writes() {
  local folder json
  folder=$(create_folder 1 "bench-mixed")
  json=$(node "$BENCH_DIR/tools/driver.mjs" mixed --base "$BASE_API" --token "$TOKEN" --parent "$folder" --ids "$ID_MIN-$ID_MAX" \
    --connections 64 --writes 0.3 --seconds "$MIXED_SECONDS") || { echo "the mixed load failed"; return; }
  node -e '
    const r = JSON.parse(process.argv[1]);
    const f = (v) => v.toLocaleString("en-US", { maximumFractionDigits: v < 10 ? 2 : 1 });
    console.log(`writes p50 ${f(r.writes.p50)} ms, p99 ${f(r.writes.p99)} ms, max ${f(r.writes.max)} ms (${r.writes.count.toLocaleString("en-US")}); ` +
      `reads p50 ${f(r.reads.p50)} ms, p99 ${f(r.reads.p99)} ms, max ${f(r.reads.max)} ms (${r.reads.count.toLocaleString("en-US")}); ` +
      `${Math.round(r.requests / r.seconds).toLocaleString("en-US")} req/s; failed ${r.failed}`);' "$json"
}

# label | method | path under /LFRepositoryAPI | content type | body | measure function
FEATURES=(
  "Snapshot save and restore of the seeded store (PUT and POST /_emulator/snapshots, median of 3)|GET|/v2/Repositories|||measure_snapshot"
  "CopyAsync of a $(fmt_int "$TREE_ENTRIES")-entry tree (entries/s)|POST|/v2/Repositories/$REPO_ID/Entries/$PROBE_TARGET/Folder/CopyAsync|application/json|{\"name\":\"copy\",\"sourceId\":$PROBE_FOLDER}|measure_copy_tree"
  "Delete of a $(fmt_int "$TREE_ENTRIES")-entry tree (entries/s)|DELETE|/v2/Repositories/$REPO_ID/Entries/$PROBE_FOLDER||{}|measure_delete_tree"
  "Import of a $BIG_FILE_MB MB file through chunked upload (MB/s, server memory)|POST|/v2/Repositories/$REPO_ID/Entries/$PROBE_TARGET/Folder/Import|application/json|{}|measure_import_1gb"
  "Export of that file's Edoc and its download (MB/s, server memory)|POST|/v2/Repositories/$REPO_ID/Entries/$PROBE_TARGET/Export|application/json|{\"part\":\"Edoc\"}|measure_export_1gb"
  "Table API \$filter/\$apply over a lookup table (median of 5)|GET|/v2/Repositories|||measure_table_filter"
  "Search over the seeded folder (SimpleSearches, median of 5)|POST|/v2/Repositories/$REPO_ID/SimpleSearches|application/json|{\"searchCommand\":\"{LF:Name=\\\"f0001*\\\"}\"}|measure_search_100k"
  "Fuzzy word search of names over the seeded folder (SearchAsync, POST to Completed, median of 3)|POST|/v2/Repositories/$REPO_ID/Searches/SearchAsync|application/json|{\"searchCommand\":\"\"}|measure_fuzzy_names"
  "Import of $(fmt_int "$TEXT_DOCS") small text documents (multipart ImportEntry, $SEED_CONCURRENCY concurrent)|POST|/v2/Repositories/$REPO_ID/Entries/$PROBE_TARGET/Folder/Import|application/json|{}|measure_import_texts"
  "Full-text index catch-up: the first full-text SimpleSearches after that import|GET|/v2/Repositories|||measure_index_catchup"
  "Full-text SimpleSearches over those documents (median of 5)|POST|/v2/Repositories/$REPO_ID/SimpleSearches|application/json|{\"searchCommand\":\"{LF:Name=\\\"f0001*\\\"}\"}|measure_full_text"
  "Fuzzy full-text search (SearchAsync, POST to Completed, median of 3)|POST|/v2/Repositories/$REPO_ID/Searches/SearchAsync|application/json|{\"searchCommand\":\"\"}|measure_fuzzy_text"
  "Writes under mixed load: 64 connections, 30% CreateEntry, 70% GetEntry (${MIXED_SECONDS} s)|GET|/v2/Repositories|||measure_mixed_writes"
)
FEATURE_LINES=()
for feature in "${FEATURES[@]}"; do
  IFS='|' read -r label method path ctype body fn <<<"$feature"
  local_args=(-s -o "$WORK/probe.json" -w '%{http_code}' --max-time 30 -X "$method" "$BASE_API$path" -H "$AUTH")
  [[ -n $ctype ]] && local_args+=(-H "Content-Type: $ctype" --data "$body")
  code=$(curl "${local_args[@]}" || echo 000)
  if [[ $code == 501 ]]; then
    operation=$(sed -n 's/.*The operation \([A-Za-z]*\) .*/\1/p' "$WORK/probe.json" | head -1)
    FEATURE_LINES+=("| $label | not built yet (HTTP 501${operation:+ for $operation}) |")
  else
    FEATURE_LINES+=("| $label | $("$fn" "$code") |")
  fi
done

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL (with BENCH_PG): the same GetEntry, ListEntries and CreateEntry rows on one LfRepo process on the
# database, then on two processes on it behind nginx (round robin; server CPU is the sum of both processes).
PG_ROWS=()
PG_SEED=${BENCH_PG_SEED:-$SEED_COUNT}
declare -A PG_LABEL=()
if [[ -n ${BENCH_PG:-} ]]; then
  [[ -x $(local_proxy_nginx) ]] || die "BENCH_PG is set but nginx is not installed"
  stop_pid "$SERVER_PID"; SERVER_PID=""
  PG_PORT_A=$(free_port); PG_PORT_B=$(free_port); PROXY_PORT=$(free_port)
  start_pg() { # port logfile
    dotnet "$SERVER_DLL" --urls "http://127.0.0.1:$1" --store postgres --connection-string "$BENCH_PG" --data-dir "$WORK/pg-data" \
      --token-lifetime 7200 --Serilog:MinimumLevel:Override:Microsoft.AspNetCore.HttpLogging=Warning \
      --LfRepo:Auth:TokenRequestBurst=100000000 --LfRepo:Auth:TokenRequestsPerMinute=100000000 >"$2" 2>&1 &
    PG_PIDS="$PG_PIDS $!"
  }
  log "PostgreSQL: starting one process on 127.0.0.1:$PG_PORT_A"
  start_pg "$PG_PORT_A" "$WORK/pg-a.log"
  wait_for_200 "http://127.0.0.1:$PG_PORT_A/health" 120 || { tail -20 "$WORK/pg-a.log" >&2; die "the PostgreSQL server did not start"; }
  PG_BASE="http://127.0.0.1:$PG_PORT_A"
  PG_TOKEN=$(curl -s --max-time 30 -X POST "$PG_BASE$TOKEN_PATH" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data 'grant_type=password&username=admin&password=admin' | json_field access_token)
  [[ -n $PG_TOKEN ]] || die "no access_token from the PostgreSQL server"
  pg_folder() {
    curl -s --max-time 30 -X POST "$PG_BASE$API/v2/Repositories/$REPO_ID/Entries/1/Folder/Children" -H "Authorization: Bearer $PG_TOKEN" \
      -H 'Content-Type: application/json' --data "{\"name\":\"$1\",\"entryType\":\"Folder\"}" | json_field id
  }
  PG_SEED_FOLDER=$(pg_folder "bench-seed"); PG_CREATE_FOLDER=$(pg_folder "bench-create")
  [[ -n $PG_SEED_FOLDER && -n $PG_CREATE_FOLDER ]] || die "could not create the bench folders on PostgreSQL"
  log "PostgreSQL: seeding $PG_SEED folders under folder $PG_SEED_FOLDER"
  PG_SEED_JSON=$(node "$BENCH_DIR/tools/driver.mjs" seed --base "$PG_BASE$API" --token "$PG_TOKEN" --parent "$PG_SEED_FOLDER" \
    --count "$PG_SEED" --concurrency "$SEED_CONCURRENCY" --timeout $((TIME_LIMIT / 3)))
  log "PostgreSQL seeded: $PG_SEED_JSON"
  [[ $(json_field count <<<"$PG_SEED_JSON") == "$PG_SEED" ]] || die "seeded $(json_field count <<<"$PG_SEED_JSON") of $PG_SEED folders on PostgreSQL"
  PG_SEED_SECONDS=$(json_field seconds <<<"$PG_SEED_JSON")
  SQLITE_AUTH=$AUTH; AUTH="Authorization: Bearer $PG_TOKEN"
  ID_MIN=$(json_field minId <<<"$PG_SEED_JSON"); ID_MAX=$(json_field maxId <<<"$PG_SEED_JSON"); export ID_MIN ID_MAX
  CREATE_SMALL_PATH="$API/v2/Repositories/$REPO_ID/Entries/$PG_CREATE_FOLDER/Folder/Children"

  pg_rows() { # prefix base label
    local prefix=$1 base=$2 label=$3 row name
    local rows=(
      "$prefix-getentry|pg|getentry.lua|$base$ENTRY_PATH|H_AUTH"
      "$prefix-list-first|pg|plain.lua|$base$API/v2/Repositories/$REPO_ID/Entries/$PG_SEED_FOLDER/Folder/Children|H_AUTH"
      "$prefix-create|pg|create.lua|$base$CREATE_SMALL_PATH|H_AUTH"
    )
    PG_LABEL[$prefix-getentry]="GetEntry by id (random among $PG_SEED seeded), $label"
    PG_LABEL[$prefix-list-first]="ListEntries, first page of $PAGE, $label"
    PG_LABEL[$prefix-create]="CreateEntry (in a small folder), $label"
    for round in $(seq "$ROUNDS"); do
      for row in "${rows[@]}"; do
        IFS='|' read -r name _ script url extra <<<"$row"
        log "PostgreSQL round $round/$ROUNDS: $name"
        run_row "$name" pg "$script" "$url" "$extra" "$round"
      done
    done
    PG_ROWS+=("${rows[@]}")
  }
  pg_rows pg1 "$PG_BASE" "one process on PostgreSQL"

  log "PostgreSQL: a second process on 127.0.0.1:$PG_PORT_B and nginx on 127.0.0.1:$PROXY_PORT"
  start_pg "$PG_PORT_B" "$WORK/pg-b.log"
  wait_for_200 "http://127.0.0.1:$PG_PORT_B/health" 120 || { tail -20 "$WORK/pg-b.log" >&2; die "the second PostgreSQL server did not start"; }
  start_local_proxy "$WORK" "$PROXY_PORT" "$PG_PORT_A" "$PG_PORT_B" || die "nginx did not start"
  wait_for_200 "http://127.0.0.1:$PROXY_PORT/health" 30 || die "nginx does not answer"
  sleep 2 # both processes know of each other (one heartbeat), so their entry caches stand aside
  pg_rows pg2 "http://127.0.0.1:$PROXY_PORT" "two processes on PostgreSQL behind nginx"
  AUTH=$SQLITE_AUTH
fi

# ---------------------------------------------------------------------------------------------------------------
# The report
fmt_ms() { awk -v us="$1" 'BEGIN { ms = us / 1000; if (ms >= 100) printf "%.0f ms", ms; else if (ms >= 10) printf "%.1f ms", ms; else printf "%.2f ms", ms }'; }
col_median() { awk -v c="$2" '{ print $c }' "$WORK/row-$1" | median; }

BASELINE_RPS=$(col_median baseline 1)
GETENTRY_RPS=$(col_median getentry 1)
ratio() { awk -v a="$1" -v b="$BASELINE_RPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

report() {
  echo "## LfRepo benchmark ($MODE, $(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB memory; $(dotnet --version) SDK; wrk -t$THREADS -c$CONNECTIONS on loopback (it shares the cores with the server: read the ratios)."
  echo "Each row: ${WARMUP} s warm-up, ${DURATION} s measured, $ROUNDS round(s) interleaved across rows, medians. Store: $SEED_COUNT folders in one folder, seeded through the API (SQLite file store in a fresh data folder under $SCRATCH_ROOT)."
  echo
  echo "| row | req/s | p50 | p99 | vs baseline | server CPU/request | non-2xx | other CPU |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r name _ <<<"$row"
    local rps p50 p99 non2xx cpu
    rps=$(col_median "$name" 1); p50=$(col_median "$name" 2); p99=$(col_median "$name" 3)
    non2xx=$(awk '{ s += $4 + $5 } END { print s + 0 }' "$WORK/row-$name"); cpu=$(col_median "$name" 6)
    other=$(awk '{ if ($7 > m) m = $7 } END { print m + 0 }' "$WORK/row-$name")
    [[ $name == diag-404 ]] && non2xx="$non2xx (all 404, expected)"
    echo "| ${LABEL[$name]} | $(fmt_int "$rps") | $(fmt_ms "$p50") | $(fmt_ms "$p99") | $(ratio "$rps") | $(fmt_int "$cpu") µs | $non2xx | $other% |"
  done
  echo
  echo "Other CPU: the most, over the rounds, that processes other than the server under test and wrk used during the measured run, in % of one core (the machine has $(nproc)); above a few % the row was disturbed."
  echo
  echo "| time or feature | result |"
  echo "|---|---|"
  echo "| Start-up to first 200 from /health, server (median of $STARTUPS, fresh data folder) | $(awk -v m="$STARTUP_SERVER_MS" 'BEGIN { printf "%.2f s", m / 1000 }') (runs: $STARTUP_SERVER_ALL s) |"
  echo "| Start-up to first 200, baseline (median of $STARTUPS) | $(awk -v m="$STARTUP_BASELINE_MS" 'BEGIN { printf "%.2f s", m / 1000 }') (runs: $STARTUP_BASELINE_ALL s) |"
  echo "| Seeding $SEED_COUNT folders through CreateEntry ($SEED_CONCURRENCY concurrent) | $SEED_SECONDS s ($(awk -v n="$SEED_COUNT" -v s="$SEED_SECONDS" 'BEGIN { printf "%.0f", n / s }') creates/s) |"
  echo "| Walking @odata.nextLink to row offset $NEXTLINK_OFFSET | $WALK_PAGES pages in $WALK_SECONDS s |"
  echo "| Server peak memory (VmHWM) after all rows | $SERVER_PEAK_RSS MB |"
  for line in "${FEATURE_LINES[@]}"; do echo "$line"; done
  if (( ${#PG_ROWS[@]} > 0 )); then
    echo
    echo "PostgreSQL ($PG_SEED folders seeded through the API in $PG_SEED_SECONDS s; the same database for both lines; the baseline is the one above):"
    echo
    echo "| row | req/s | p50 | p99 | vs baseline | server CPU/request | non-2xx | other CPU |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for row in "${PG_ROWS[@]}"; do
      IFS='|' read -r name _ <<<"$row"
      local rps p50 p99 non2xx cpu other
      rps=$(col_median "$name" 1); p50=$(col_median "$name" 2); p99=$(col_median "$name" 3)
      non2xx=$(awk '{ s += $4 + $5 } END { print s + 0 }' "$WORK/row-$name"); cpu=$(col_median "$name" 6)
      other=$(awk '{ if ($7 > m) m = $7 } END { print m + 0 }' "$WORK/row-$name")
      echo "| ${PG_LABEL[$name]} | $(fmt_int "$rps") | $(fmt_ms "$p50") | $(fmt_ms "$p99") | $(ratio "$rps") | $(fmt_int "$cpu") µs | $non2xx | $other% |"
    done
    echo
    echo "On PostgreSQL, server CPU counts the LfRepo processes only; the database server's CPU shows under other CPU, with nginx's."
  fi
  echo
  echo "getentry/baseline ratio: $(ratio "$GETENTRY_RPS")"
}

report >"$RESULT_MD"
log "saved bench/results/$STAMP.md (raw wrk output: bench/results/$STAMP-raw.log)"
cat "$RESULT_MD"
