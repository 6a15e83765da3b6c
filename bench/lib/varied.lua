-- wrk POST script for varied bodies: one JSON body per line of the file named in env WRK_BODIES, sent in turn
-- (each thread from its own offset), so requests ask for predictions the server has not just formatted, as real
-- traffic does (bench/peer-flask/post.lua sends one body again and again).
-- Usage: WRK_BODIES=bodies.jsonl wrk -t2 -c32 -d10s --latency -s varied.lua http://127.0.0.1:5001/score
local requests = {}
local at = 1
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 397)
end

function init(args)
  local path = assert(os.getenv("WRK_BODIES"), "set WRK_BODIES to a file of JSON bodies, one per line")
  for line in io.lines(path) do
    requests[#requests + 1] = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, line)
  end
  at = (offset or 0) % #requests + 1
end

function request()
  local r = requests[at]
  at = at % #requests + 1
  return r
end

-- The same summary line as peer-flask/post.lua (body_bytes: the average body).
function done(summary, latency, count)
  local n, total = 0, 0
  for line in io.lines(os.getenv("WRK_BODIES")) do
    n, total = n + 1, total + #line
  end
  local secs = summary.duration / 1e6
  io.write(string.format(
    "LUA_SUMMARY requests=%d duration_s=%.3f rps=%.1f errors_status=%d errors_connect=%d errors_read=%d errors_timeout=%d " ..
    "lat_mean_us=%.1f lat_p50_us=%d lat_p90_us=%d lat_p99_us=%d lat_p999_us=%d lat_max_us=%d body_bytes=%d\n",
    summary.requests, secs, summary.requests / secs, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.timeout, latency.mean, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, math.floor(total / n)))
end
