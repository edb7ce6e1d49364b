-- POST /api/orient with the profile in PROFILE_FILE (set by api_load.sh), as the dashboard sends it.
local f = assert(io.open(os.getenv("PROFILE_FILE"), "r"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
