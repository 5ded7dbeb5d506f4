-- Lesson: blocking the executor (the script twin of the built-in lesson).
--
-- Ten futures, joined in one task on a single worker; future t sleeps t x 10 ms. With an OS
-- sleep the worker itself is asleep, so the sleeps happen one after another. With the runtime's
-- sleep, or with the OS sleep moved to the blocking pool, they overlap.

lesson {
  id = "blocking-executor-lua",
  title = "Blocking the executor: thread sleep vs async sleep (script)",
  explanation = [[
All the futures are branches of one task, joined with join_all, on a current_thread runtime with a
single worker. With thread_sleep each future freezes the worker with an OS sleep: the worker lane
shows one long blocked span after another, and the total is the sum of all sleeps (550 ms by
default). With async_sleep every future sets a timer and returns Pending, so all the waits overlap
and the total is the longest single sleep (100 ms). With spawn_blocking the same OS sleeps run on
blocking-pool lanes of their own, in parallel, and the worker stays free: again about 100 ms.
Compare the 'finished after' times in the output: in thread_sleep mode they add up.]],
  params = {
    param { key = "mode", kind = "choice", choices = {"thread_sleep", "async_sleep", "spawn_blocking"},
            default = "thread_sleep", help = "how each future sleeps" },
    param { key = "futures", kind = "int", min = 1, max = 1000, default = 10, help = "how many futures are joined" },
    param { key = "step_ms", kind = "int", min = 1, max = 10000, default = 10, unit = "ms", help = "future t sleeps t x step_ms" },
  },
  variants = {
    variant { name = "thread_sleep", label = "OS sleep on the worker (blocks)", set = { mode = "thread_sleep" } },
    variant { name = "async_sleep", label = "The runtime's sleep", set = { mode = "async_sleep" } },
    variant { name = "spawn_blocking", label = "OS sleep on the blocking pool", set = { mode = "spawn_blocking" } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "current_thread",
  workers = 2,
}

local sleepy_future = async(function(t, duration, mode)
  if mode == "thread_sleep" then
    -- The pitfall: an OS sleep inside async code. The worker thread is frozen; no other future
    -- on it can be polled until this returns.
    block_thread(duration)
  elseif mode == "async_sleep" then
    -- The task waits on the timer driver and hands the worker back meanwhile.
    await(sleep(duration))
  else
    -- Still an OS sleep, but on a blocking-pool thread; this future only awaits its handle.
    await(spawn_blocking(function() block_thread(duration) end, "sleep " .. t))
  end
  print("future ", t, " slept for ", duration, " ms, finished after ", elapsed_ms(), " ms")
end)

function main(p)
  local all = {}
  for t = 1, p.futures do all[t] = sleepy_future(t, p.step_ms * t, p.mode) end
  await(join_all(all))
  print("all ", p.futures, " futures finished after ", elapsed_ms(), " ms")
end
