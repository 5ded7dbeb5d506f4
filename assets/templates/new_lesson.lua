-- A new lesson. Everything after "--" on a line is a comment: Wakeline ignores it.
-- Save this file as something.lua in your lessons folder (~/.local/share/wakeline/lessons), then
-- check it with `wakeline check something.lua`. docs/scripting.md lists everything you can call.

-- The header: what the lessons list shows, and the parameters the class may change.
lesson {
  id = "my-lesson",                            -- lowercase letters, digits and -
  title = "Two requests: one after the other",
  explanation = [[
Write here what the class should watch for on the timeline.]],
  params = {
    param { key = "latency_ms", kind = "int", min = 1, max = 10000, default = 500, unit = "ms",
            help = "how long each request takes" },
    param { key = "together", kind = "bool", default = false, help = "join the two requests" },
  },
  variants = {
    variant { name = "together", label = "Both at once (join)", set = { together = true } },
  },
  flavors = { "current_thread", "multi_thread" },  -- the first one is the default
  workers = 2,                                     -- workers on multi_thread
}

-- An async function: calling it makes a future, which runs only when awaited (or spawned, joined...).
local request = async(function(n, latency)
  local body = await(fake_fetch("https://example.com/" .. n, latency))
  print("request ", n, " answered after ", elapsed_ms(), " ms")
  return body
end)

-- main runs as the first task; p holds the parameters' values.
function main(p)
  if p.together then
    await(join(request(1, p.latency_ms), request(2, p.latency_ms)))   -- the waits overlap
  else
    await(request(1, p.latency_ms))                                  -- one after the other
    await(request(2, p.latency_ms))
  end
  print("done after ", elapsed_ms(), " ms")
end
