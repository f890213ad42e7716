-- wrk.lua: the request script of every benchmark row (t/bench/run.sh).
-- BENCH_COOKIE: Cookie header to send; BENCH_PATHS: space-separated paths, cycled per request
-- (default: the URL's path); BENCH_BODY: a urlencoded body, which makes the request a POST.
-- done() prints one machine-readable line: BENCH requests rate p50_us p99_us non2xx3xx errors
local cookie = os.getenv("BENCH_COOKIE") or ""
local body = os.getenv("BENCH_BODY") or ""
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do
    paths[#paths + 1] = p
end
local headers = {}
for k, v in pairs(wrk.headers) do headers[k] = v end   -- wrk -H ... headers
if cookie ~= "" then headers["Cookie"] = cookie end
local method = "GET"
if body ~= "" then
    method = "POST"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
end
local i = 0

request = function()
    if #paths == 0 then
        return wrk.format(method, nil, headers, body ~= "" and body or nil)
    end
    i = i % #paths + 1
    return wrk.format(method, paths[i], headers, body ~= "" and body or nil)
end

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH %d %.1f %d %d %d %d\n", summary.requests,
        summary.requests / (summary.duration / 1e6), latency:percentile(50),
        latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
