-- Shared by every bench script: numbers each thread, and prints one machine-readable line when wrk is done
-- (latencies in microseconds), which bench/run.sh reads. wrk's own --latency report is printed as usual.
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%.0f p99_us=%.0f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
