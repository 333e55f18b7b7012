-- The same request every time: URL and headers (-H) come from the wrk command line.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
