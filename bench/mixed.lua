-- wrk script for bench/mixed: each request's path is drawn by weight from the file MIXED_PATHS
-- ("weight<TAB>kind<TAB>path" lines), so popular addresses come back and the long tail is rare.
-- Counts answers by status and by X-Cache header (the app's response cache: hit or miss), and
-- prints one JSON line like bench/report.lua's, with those counts added.
local threads = {}

setup = function(thread)
  thread:set("thread_number", #threads + 1)
  threads[#threads + 1] = thread
end

local paths, cumulative, total = {}, {}, 0

init = function(args)
  for line in io.lines(os.getenv("MIXED_PATHS")) do
    local weight, path = line:match("^([^\t]+)\t[^\t]*\t(.+)$")
    total = total + tonumber(weight)
    paths[#paths + 1] = path
    cumulative[#cumulative + 1] = total
  end
  -- A fixed seed per thread: the same run asks for the same addresses in the same order.
  math.randomseed(tonumber(os.getenv("MIXED_SEED") or "7") * 100 + thread_number)
  -- Browsers ask for compressed answers; so do we.
  wrk.headers["Accept-Encoding"] = "gzip"
  statuses, hits, misses = {}, 0, 0
end

-- The first path whose cumulative weight reaches a uniform draw (binary search).
local function pick()
  local target = math.random() * total
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < target then low = middle + 1 else high = middle end
  end
  return paths[low]
end

request = function()
  return wrk.format("GET", pick())
end

response = function(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local cache = headers["x-cache"] or headers["X-Cache"]
  if cache == "hit" then hits = hits + 1 elseif cache == "miss" then misses = misses + 1 end
end

done = function(summary, latency, requests)
  local by_status, all_hits, all_misses, non_2xx = {}, 0, 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
      if tonumber(status) < 200 or tonumber(status) > 299 then non_2xx = non_2xx + count end
    end
    all_hits = all_hits + thread:get("hits")
    all_misses = all_misses + thread:get("misses")
  end
  local parts = {}
  for status, count in pairs(by_status) do parts[#parts + 1] = string.format('"%s": %d', status, count) end
  -- As in report.lua, errors count every answer that went wrong: non-2xx ones and failed connections.
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
               + non_2xx
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "errors": %d, "timeouts": %d, "non_2xx": %d, "statuses": {%s}, "cache_hits": %d, ' ..
    '"cache_misses": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, summary.errors.timeout, non_2xx, table.concat(parts, ", "), all_hits,
    all_misses))
end
