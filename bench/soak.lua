-- wrk script for bench/soak: cycles through the paths listed in the file SOAK_PATHS.
local paths = {}
local counter = 0

init = function(args)
  for line in io.lines(os.getenv("SOAK_PATHS")) do paths[#paths + 1] = line end
  counter = math.random(1, #paths)
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

-- The same one-line JSON report as bench/run's, from the file beside this one.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")
