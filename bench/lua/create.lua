-- CreateEntry: POST a new folder with a name unique to this run (RUN), thread and request.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local path = os.getenv("CREATE_PATH")
local run = os.getenv("RUN") or "0"
-- wrk.format replaces wrk.headers when given a table: copy the -H headers (Authorization) into ours.
local headers = { ["Content-Type"] = "application/json" }
for name, value in pairs(wrk.headers) do
  headers[name] = value
end
local n = 0

function request()
  n = n + 1
  local body = string.format('{"name":"w%s-t%d-%d","entryType":"Folder"}', run, id or 0, n)
  return wrk.format("POST", path, headers, body)
end
