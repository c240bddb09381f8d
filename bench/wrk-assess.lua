-- wrk script: POST an assessment to /v1/assess and read the JSON result.
-- The body is the example alliance assessment (TOML), or the file named by
-- the BODY environment variable (.json files are sent as application/json).
--   wrk -t2 -c16 -d10s --latency -s bench/wrk-assess.lua 'http://127.0.0.1:8080/v1/assess?model=alliance'
--   BODY=/tmp/acme.json wrk -t2 -c16 -d10s --latency -s bench/wrk-assess.lua 'http://127.0.0.1:8080/v1/assess?model=alliance'
local file = os.getenv("BODY") or "examples/alliance-acme-globex.toml"
local f = assert(io.open(file, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
if file:match("%.json$") then
  wrk.headers["Content-Type"] = "application/json"
else
  wrk.headers["Content-Type"] = "application/toml"
end
