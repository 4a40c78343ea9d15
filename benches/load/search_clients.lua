-- search.lua's queries, each request from one of 50,000 client addresses (X-Forwarded-For, as a
-- reverse proxy on the same machine sends it), so a per-address rate limit counts every
-- request without refusing any: about 2.4 requests a minute per address at 2,000 a second.
local queries = {
  "elektricien", "elektricen", "monteur", "instalatiemonteur", "warmtepomp",
  "zonnepaneel%20monteur", "software%20developer", "ict%20support", "lasser",
  "technicus%20onderhoud", "netwerkmonteur", "automonteur", "elektr", "timmerman",
}
local i = 0
request = function()
  i = i + 1
  local n = math.random(0, 49999)
  local address = string.format("10.%d.%d.%d", math.floor(n / 65536), math.floor(n / 256) % 256, n % 256)
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1] .. "&limit=10",
    { ["Accept-Encoding"] = "gzip", ["X-Forwarded-For"] = address })
end
