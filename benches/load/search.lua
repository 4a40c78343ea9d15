-- Rotates through 1-3 word job searches, typos and half-typed words included.
local queries = {
  "elektricien", "elektricen", "monteur", "instalatiemonteur", "warmtepomp",
  "zonnepaneel%20monteur", "software%20developer", "ict%20support", "lasser",
  "technicus%20onderhoud", "netwerkmonteur", "automonteur", "elektr", "timmerman",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1] .. "&limit=10", { ["Accept-Encoding"] = "gzip" })
end
