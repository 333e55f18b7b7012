-- A client that signs in and reads: alternates POST Token and GetEntry (random id in [ID_MIN, ID_MAX]).
-- Each GetEntry uses the newest token this thread has been given (TOKEN until the first one arrives).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local token_path = os.getenv("TOKEN_PATH")
local prefix = os.getenv("ENTRY_PATH")
local low = tonumber(os.getenv("ID_MIN"))
local high = tonumber(os.getenv("ID_MAX"))
local form = "grant_type=password&username=admin&password=admin"
local form_headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local latest = os.getenv("TOKEN")
local n = 0

function init(args)
  math.randomseed(os.time() * 100 + (id or 0))
end

function request()
  n = n + 1
  if n % 2 == 1 then
    return wrk.format("POST", token_path, form_headers, form)
  end
  return wrk.format("GET", prefix .. math.random(low, high), { ["Authorization"] = "Bearer " .. latest })
end

function response(status, headers, body)
  local token = body and string.match(body, '"access_token":"([^"]+)"')
  if token then
    latest = token
  end
end
