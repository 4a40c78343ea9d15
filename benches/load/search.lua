-- Rotates through 1-3 word job searches, typos and half-typed words included.
local queries = {
  "elektricien", "elektricen", "monteur", "instalatiemonteur", "warmtepomp",
  "zonnepaneel%20monteur", "software%20developer", "ict%20support", "lasser",
  "technicus%20onderhoud", "netwerkmonteur", "automonteur", "elektr", "timmerman",
}
local i = 0
-- The path of the next search; search_clients.lua sends the same rotation.
function next_search()
  i = i + 1
  return "/api/v1/search?q=" .. queries[(i % #queries) + 1] .. "&limit=10"
end
request = function()
  return wrk.format("GET", next_search(), { ["Accept-Encoding"] = "gzip" })
end
