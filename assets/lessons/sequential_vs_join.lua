-- Lesson: sequential awaits, join, and spawn (the script twin of the built-in lesson).
--
-- A few requests that each take a second. Awaited one after the other they take a second each,
-- because an await finishes before the next line starts. join_all drives them all inside one
-- task, so their waits overlap. spawn makes each one a task of its own, which any worker may poll.

lesson {
  id = "sequential-vs-join-lua",
  title = "Sequential awaits vs join vs spawn (script)",
  explanation = [[
Each request waits on a timer for its latency, as if a server were slow to answer. In sequential
mode the second request is not even created until the first has finished, so the timeline shows
the waits end to end and the total is requests x latency. In join mode all requests are branches
of the main task: their timers are set in the same poll, the waits overlap, and every poll happens
on one worker lane. In spawn mode each request is its own task lane; on multi_thread they may be
polled by different workers, yet the total is still one latency, because waiting needs no worker.]],
  params = {
    param { key = "mode", kind = "choice", choices = {"sequential", "join", "spawn"}, default = "sequential",
            help = "how the requests are awaited" },
    param { key = "requests", kind = "int", min = 1, max = 1000, default = 2, help = "how many requests" },
    param { key = "latency_ms", kind = "int", min = 1, max = 60000, default = 1000, unit = "ms",
            help = "how long each request takes to answer" },
  },
  variants = {
    variant { name = "sequential", label = "One after another", set = { mode = "sequential" } },
    variant { name = "join", label = "join: overlapping in one task", set = { mode = "join" } },
    variant { name = "spawn", label = "spawn: one task per request", set = { mode = "spawn" } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "multi_thread",
  workers = 2,
}

-- One simulated HTTP request: the timer driver wakes us after `latency`, as a server would answer.
local request = async(function(n, latency)
  local body = await(fake_fetch("https://api.example.com/items/" .. n, latency))
  print("got response ", n, " (", #body, " bytes) after ", elapsed_ms(), " ms")
  return body
end)

-- Each await waits for its request to finish before the loop even creates the next one.
local one_after_another = async(function(requests, latency)
  for n = 1, requests do await(request(n, latency)) end
end)

-- join_all polls every request inside this one task: one lane on the timeline, waits overlapping.
local joined = async(function(requests, latency)
  local all = {}
  for n = 1, requests do all[n] = request(n, latency) end
  await(join_all(all))
end)

-- Each request becomes a task of its own, scheduled on the run queues; we await the handles.
local spawned = async(function(requests, latency)
  local handles = {}
  for n = 1, requests do handles[n] = spawn(request(n, latency), "request " .. n) end
  for _, handle in ipairs(handles) do await(handle) end
end)

function main(p)
  print(p.mode, ": ", p.requests, " requests of ", p.latency_ms, " ms each")
  if p.mode == "sequential" then await(one_after_another(p.requests, p.latency_ms))
  elseif p.mode == "join" then await(joined(p.requests, p.latency_ms))
  else await(spawned(p.requests, p.latency_ms)) end
  print("all done after ", elapsed_ms(), " ms")
end
