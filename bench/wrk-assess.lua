-- wrk script: POST the example alliance assessment to /v1/assess (JSON result).
-- wrk -t2 -c32 -d10s --latency -s bench/wrk-assess.lua http://127.0.0.1:8080/v1/assess?model=alliance
local f = io.open("examples/alliance-acme-globex.toml", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/toml"
