-- wrk script: send pre-built requests, each exactly once (run wrk with -t1).
--
-- The relay refuses a replayed RFC 9421 nonce, so wrk's usual "same request
-- again and again" would measure 401s. bench/relay_bench.py signs every
-- request before the clock starts and writes them NUL-separated to the file
-- named after "--"; this script hands them out in order. Running out would
-- replay a signature, so the thread stops instead and done() says so (the
-- benchmark then refuses the figure). With -t1 every connection shares this
-- one Lua state, so no request is sent twice.

local threads = {}
requests = {}
sent = 0
exhausted = false

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local data = file:read("*a")
  file:close()
  local start = 1
  while true do
    local stop = string.find(data, "\0", start, true)
    if stop == nil then break end
    requests[#requests + 1] = string.sub(data, start, stop - 1)
    start = stop + 1
  end
end

function request()
  local r = requests[sent + 1]
  if r == nil then
    exhausted = true
    wrk.thread:stop()
    return requests[#requests]
  end
  sent = sent + 1
  return r
end

function done(summary, latency, _requests)
  local sent_total, was_exhausted = 0, false
  for _, thread in ipairs(threads) do
    sent_total = sent_total + thread:get("sent")
    was_exhausted = was_exhausted or thread:get("exhausted")
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "sent": %d, "exhausted": %s, "status_errors": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"latency_p50_us": %d, "latency_p99_us": %d}\n',
    summary.requests, summary.duration, sent_total, tostring(was_exhausted),
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
