-- Lesson: futures are lazy (the script twin of the built-in lesson).
--
-- Calling an async function creates the future and runs none of its body: nothing inside it runs
-- until someone awaits it. spawn, by contrast, hands the future to the scheduler, which starts
-- polling it right away.

lesson {
  id = "lazy-future-lua",
  title = "Futures are lazy until awaited (script)",
  explanation = [[
In lazy mode main creates the fetch_greeting future, sleeps for delay_ms, and only then awaits it.
Read the output order: 'starts running' comes after 'awaiting it', not when the future was created.
On the timeline nothing happens for the fetch during the delay: no poll, no timer; its timer is set
only after main's own sleep has ended, so the total is delay + fetch time. In spawn mode the future
becomes a task and the scheduler polls it at once, so the fetch overlaps main's sleep and the total
is the longer of the two.]],
  params = {
    param { key = "mode", kind = "choice", choices = {"lazy", "spawn"}, default = "lazy",
            help = "keep the future, or spawn it as a task" },
    param { key = "delay_ms", kind = "int", min = 0, max = 60000, default = 500, unit = "ms",
            help = "how long main waits before awaiting" },
    param { key = "fetch_ms", kind = "int", min = 1, max = 60000, default = 100, unit = "ms",
            help = "how long the fetch takes once it runs" },
  },
  variants = {
    variant { name = "lazy", label = "Created, awaited later", set = { mode = "lazy" } },
    variant { name = "spawn", label = "Spawned: starts at once", set = { mode = "spawn" } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "current_thread",
  workers = 2,
}

local fetch_greeting = async(function(latency)
  print("fetch_greeting starts running at ", elapsed_ms(), " ms")
  local body = await(fake_fetch("https://hello.example.com", latency, 16))
  print("fetch_greeting has its answer at ", elapsed_ms(), " ms")
  return body
end)

local lazy = async(function(delay, latency)
  local greeting = fetch_greeting(latency)  -- creates the future: nothing inside it runs yet
  print("future created at ", elapsed_ms(), " ms; waiting ", delay, " ms before awaiting it")
  await(sleep(delay))
  print("awaiting it at ", elapsed_ms(), " ms")
  local body = await(greeting)  -- only now does fetch_greeting start
  print("got '", body, "' after ", elapsed_ms(), " ms")
end)

local spawned = async(function(delay, latency)
  local handle = spawn(fetch_greeting(latency), "fetch_greeting")  -- scheduled: it starts at once
  print("task spawned at ", elapsed_ms(), " ms; waiting ", delay, " ms before awaiting it")
  await(sleep(delay))
  print("awaiting it at ", elapsed_ms(), " ms")
  local body = await(handle)
  print("got '", body, "' after ", elapsed_ms(), " ms")
end)

function main(p)
  if p.mode == "lazy" then await(lazy(p.delay_ms, p.fetch_ms))
  else await(spawned(p.delay_ms, p.fetch_ms)) end
end
