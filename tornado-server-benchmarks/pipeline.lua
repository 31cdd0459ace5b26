-- wrk script: HTTP/1.1 pipelining. Every write carries DEPTH requests for /plaintext
-- back to back (default 16; override with `wrk ... -s pipeline.lua <url> -- <depth>`).
-- wrk parses the responses one by one, so req/s counts requests, not writes.

local batch

function init(args)
  local depth = tonumber(args[1]) or 16
  local one = wrk.format("GET", "/plaintext")
  local parts = {}
  for i = 1, depth do
    parts[i] = one
  end
  batch = table.concat(parts)
end

function request()
  return batch
end
