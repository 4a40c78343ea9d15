-- Posts the persona profiles in turn (a full profile each), asking 5 routes as the web app does.
local profiles = {}
local files = { "aylin-kassa-utrecht", "joost-bakker-zwolle", "lisa-eerste-monteur-groningen",
  "mohammed-elektricien-eindhoven", "noor-vmbo-amsterdam", "peter-administratie-heerlen",
  "samira-heftruck-rotterdam" }
for _, name in ipairs(files) do
  local f = assert(io.open("tests/personas/" .. name .. ".profile.json", "r"))
  profiles[#profiles + 1] = f:read("*a")
  f:close()
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/api/v1/match?limit=5",
    { ["Content-Type"] = "application/json", ["Accept-Encoding"] = "gzip" }, profiles[(i % #profiles) + 1])
end
