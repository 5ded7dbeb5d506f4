-- Lesson: select, the race, and the cancellation it causes (the script twin of the built-in lesson).
--
-- select runs several futures inside the calling task and returns as soon as the first one
-- finishes; the others are dropped right there. Dropping is how async code is cancelled: the
-- loser's pending recv (or a timer) simply stops being waited on.

lesson {
  id = "select-race-lua",
  title = "select: first one wins, the rest are cancelled (script)",
  explanation = [[
In race mode two spawned runners, cat and dog, each sleep and then send their name over their own
channel, while main waits on both channels at once with select. Watch main's lane: it is woken
once, by the faster runner's message, and at that same moment the other recv branch is dropped (a
FutureDropped event). Nothing is lost by that: a message sent later would simply stay in its
channel. In timeout mode a slow request races a timer; when the deadline fires first the request is
dropped, its timer is cancelled, and the lesson prints that it timed out.]],
  params = {
    param { key = "mode", kind = "choice", choices = {"race", "timeout"}, default = "race",
            help = "race two runners, or a slow request against a deadline" },
    param { key = "cat_ms", kind = "int", min = 0, max = 60000, default = 30, unit = "ms", help = "race: when the cat arrives" },
    param { key = "dog_ms", kind = "int", min = 0, max = 60000, default = 50, unit = "ms", help = "race: when the dog arrives" },
    param { key = "slow_ms", kind = "int", min = 1, max = 600000, default = 8000, unit = "ms",
            help = "timeout: how long the slow request takes" },
    param { key = "deadline_ms", kind = "int", min = 1, max = 600000, default = 5000, unit = "ms",
            help = "timeout: how long we are willing to wait" },
  },
  variants = {
    variant { name = "race", label = "Cat vs dog", set = { mode = "race" } },
    variant { name = "dog-wins", label = "Cat vs dog, dog faster", set = { mode = "race", cat_ms = 80 } },
    variant { name = "timeout", label = "Slow request, 5 s deadline", set = { mode = "timeout" } },
    variant { name = "in-time", label = "Request answers in time", set = { mode = "timeout", slow_ms = 1000 } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "current_thread",
  workers = 2,
}

-- A runner sleeps for its race time, then sends its name over its own channel.
local runner = async(function(finish_line, name, race_time)
  await(sleep(race_time))
  print(name, " crosses the finish line at ", elapsed_ms(), " ms")
  await(finish_line:send(name))
end)

local race = async(function(cat_time, dog_time)
  local cat_tx, cat_rx = mpsc(1, "cat")
  local dog_tx, dog_rx = mpsc(1, "dog")
  spawn(runner(cat_tx, "cat", cat_time), "cat")
  spawn(runner(dog_tx, "dog", dog_time), "dog")

  -- Both recv()s wait inside this task. The first message wins; the other recv is dropped
  -- (a FutureDropped event) before it ever takes a message.
  local winner = select(
    { cat_rx:recv(), function(name) return name or "?" end },
    { dog_rx:recv(), function(name) return name or "?" end })
  print("the winner is ", winner, " after ", elapsed_ms(), " ms")
  -- Returning ends the run: the runtime cancels the runner still on its way, like Tokio at shutdown.
end)

-- tokio::time::timeout is a select between the work and a timer.
local fetch_with_deadline = async(function(slow_time, deadline)
  local body = await(timeout(deadline, fake_fetch("https://slow-api.example.com", slow_time)))
  if body then print("got ", #body, " bytes after ", elapsed_ms(), " ms")
  else print("request timed out after ", elapsed_ms(), " ms") end
end)

function main(p)
  if p.mode == "race" then await(race(p.cat_ms, p.dog_ms))
  else await(fetch_with_deadline(p.slow_ms, p.deadline_ms)) end
end
