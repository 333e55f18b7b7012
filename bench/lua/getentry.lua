-- GetEntry on a random id in [ID_MIN, ID_MAX]; Authorization comes from -H on the command line.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local prefix = os.getenv("ENTRY_PATH")  -- e.g. /LFRepositoryAPI/v2/Repositories/r-emulator/Entries/
local low = tonumber(os.getenv("ID_MIN"))
local high = tonumber(os.getenv("ID_MAX"))

function init(args)
  math.randomseed(os.time() * 100 + (id or 0))
end

function request()
  return wrk.format("GET", prefix .. math.random(low, high))
end
