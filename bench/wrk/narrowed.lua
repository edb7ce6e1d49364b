-- Uncached tension lookups: each request draws one of the zones d'emploi listed in ZE_CODES (set
-- by api_load.sh) and a `top` from 1 to 50, so that answers are narrowed and serialised afresh
-- instead of served from the response cache. Seeded: the same sequence on every run.
local codes = {}
for code in string.gmatch(os.getenv("ZE_CODES") or "4410", "[^,]+") do codes[#codes + 1] = code end
local year = os.getenv("YEAR") or "2025"
math.randomseed(7)
request = function()
  local code = codes[math.random(#codes)]
  local top = math.random(50)
  return wrk.format("GET", "/api/indicators/tension?level=ze&year=" .. year .. "&territory=" .. code .. "&top=" .. top)
end
