-- Shared by the wrk scripts of bench/run.sh (loaded with dofile from the repository root).

-- One line bench/run.sh reads: requests, non-2xx answers, socket errors, seconds, latency percentiles (ms).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d non2xx=%d connect=%d read=%d write=%d timeout=%d seconds=%.3f " ..
    "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
