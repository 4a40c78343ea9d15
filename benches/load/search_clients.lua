-- search.lua's searches, each request from one of 50,000 client addresses (X-Forwarded-For, as a
-- reverse proxy on the same machine sends it), so a per-address rate limit counts every
-- request without refusing any: about 2.4 requests a minute per address at 2,000 a second.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "search.lua")
request = function()
  local n = math.random(0, 49999)
  local address = string.format("10.%d.%d.%d", math.floor(n / 65536), math.floor(n / 256) % 256, n % 256)
  return wrk.format("GET", next_search(),
    { ["Accept-Encoding"] = "gzip", ["X-Forwarded-For"] = address })
end
