-- One workspace request over and over, as a logged-in counsellor (benches/load/store.sh):
-- METHOD and URL_PATH, BODY for a write, COOKIE and CSRF from the login.
local method = os.getenv("METHOD")
local path = os.getenv("URL_PATH")
local body = os.getenv("BODY")
local headers = { ["Cookie"] = os.getenv("COOKIE"), ["Accept-Encoding"] = "gzip" }
if method ~= "GET" then
  headers["Content-Type"] = "application/json"
  headers["X-CSRF-Token"] = os.getenv("CSRF")
end
request = function()
  return wrk.format(method, path, headers, body)
end
