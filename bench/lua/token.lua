-- Token issuance: POST the password grant form every time.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

wrk.method = "POST"
wrk.path = os.getenv("TOKEN_PATH")
wrk.body = "grant_type=password&username=admin&password=admin"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
