-- wrk script for bench/mixed: each request's path is drawn by weight from the file MIXED_PATHS
-- ("weight<TAB>kind<TAB>path" lines), so popular addresses come back and the long tail is rare.
-- Counts answers by status and by cache: an answer nginx served from its cache (X-Cache-Status
-- HIT, or STALE/UPDATING while it refreshes one) is a hit, counted in front_hits too; any other is
-- a hit or a miss as the app's X-Cache header says (its response cache). Prints one JSON line like
-- bench/report.lua's, with those counts added.
local threads = {}

setup = function(thread)
  thread:set("thread_number", #threads + 1)
  threads[#threads + 1] = thread
end

local paths, cumulative, total = {}, {}, 0
local header_sets, headers_of = {}, {}

-- The headers of a request for this path: browsers ask for compressed answers, and a reader who
-- follows a ?lang= link has the lang cookie the language switcher set (without it, every HTML
-- answer would set the cookie and be private, which no shared cache may keep).
local function headers_for(path)
  local lang = path:match("[?&]lang=(%a+)") or ""
  if not header_sets[lang] then
    local set = {["Accept-Encoding"] = "gzip"}
    if lang ~= "" then set["Cookie"] = "lang=" .. lang end
    header_sets[lang] = set
  end
  return header_sets[lang]
end

init = function(args)
  for line in io.lines(os.getenv("MIXED_PATHS")) do
    local weight, path = line:match("^([^\t]+)\t[^\t]*\t(.+)$")
    total = total + tonumber(weight)
    paths[#paths + 1] = path
    headers_of[#headers_of + 1] = headers_for(path)
    cumulative[#cumulative + 1] = total
  end
  -- A fixed seed per thread: the same run asks for the same addresses in the same order.
  math.randomseed(tonumber(os.getenv("MIXED_SEED") or "7") * 100 + thread_number)
  statuses, hits, misses, front_hits = {}, 0, 0, 0
end

-- The index of the first path whose cumulative weight reaches a uniform draw (binary search).
local function pick()
  local target = math.random() * total
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < target then low = middle + 1 else high = middle end
  end
  return low
end

request = function()
  local chosen = pick()
  return wrk.format("GET", paths[chosen], headers_of[chosen])
end

local FRONT_HIT = {HIT = true, STALE = true, UPDATING = true}

response = function(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  -- nginx keeps the app's X-Cache header with the copy it stores: its own status decides first.
  if FRONT_HIT[headers["X-Cache-Status"] or headers["x-cache-status"] or ""] then
    hits = hits + 1
    front_hits = front_hits + 1
    return
  end
  local cache = headers["x-cache"] or headers["X-Cache"]
  if cache == "hit" then hits = hits + 1 elseif cache == "miss" then misses = misses + 1 end
end

done = function(summary, latency, requests)
  local by_status, all_hits, all_misses, all_front_hits, non_2xx = {}, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
      if tonumber(status) < 200 or tonumber(status) > 299 then non_2xx = non_2xx + count end
    end
    all_hits = all_hits + thread:get("hits")
    all_misses = all_misses + thread:get("misses")
    all_front_hits = all_front_hits + thread:get("front_hits")
  end
  local parts = {}
  for status, count in pairs(by_status) do parts[#parts + 1] = string.format('"%s": %d', status, count) end
  -- As in report.lua, errors count every answer that went wrong: non-2xx ones and failed connections.
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
               + non_2xx
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "errors": %d, "timeouts": %d, "non_2xx": %d, "statuses": {%s}, "cache_hits": %d, ' ..
    '"cache_misses": %d, "front_hits": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, summary.errors.timeout, non_2xx, table.concat(parts, ", "), all_hits,
    all_misses, all_front_hits))
end
