-- wrk: executions of the benchmark's one-node workflow, the same request on every arm (straight to
-- an engine, through nginx, through the gateway): POST {"input":{}} with a bearer token, which the
-- engine and nginx ignore and the gateway checks.
--   AXON_BENCH_TOKEN    the bearer token (the gateway's admin token)
--   AXON_BENCH_RATE     if set, the total request rate to hold (requests/s, over all threads): each
--                       thread hands out send slots evenly spaced at threads/rate seconds through
--                       wrk's delay() hook; a slot missed is not made up (no bursts after a stall)
--   AXON_BENCH_THREADS  wrk's -t, to split the rate between threads
-- done() prints one machine-readable line for run.sh.
wrk.method = "POST"
wrk.body = '{"input":{}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("AXON_BENCH_TOKEN") or "none")

local rate = tonumber(os.getenv("AXON_BENCH_RATE") or "")
if rate and rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } axon_timespec;
    int clock_gettime(int clock, axon_timespec *tp);
  ]]
  local now = ffi.new("axon_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end
  local interval_ms = 1000 * tonumber(os.getenv("AXON_BENCH_THREADS") or "1") / rate
  local slot = nil
  -- called by wrk before each request of this thread's connections; returns milliseconds to wait
  function delay()
    local t = now_ms()
    if slot == nil or slot < t then
      slot = t
    end
    local wait = slot - t
    slot = slot + interval_ms
    return math.floor(wait + 0.5)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("AXON_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d non2xx=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
