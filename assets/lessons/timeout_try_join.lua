-- Lesson: try_join under a timeout (the script twin of the built-in lesson).
--
-- Three services are asked at once with try_join, and the whole thing runs under a deadline with
-- timeout. try_join gives all three answers, or stops at the first failure and cancels the rest;
-- timeout gives up, cancelling everything inside, if the deadline comes first.

lesson {
  id = "timeout-try-join-lua",
  title = "try_join under a timeout (script)",
  explanation = [[
The three fetches (100, 200 and 150 ms) are branches of the main task, started together by
try_join, and the whole try_join is a branch of timeout, racing a deadline timer. With nothing
failing, the answers arrive at 100, 150 and 200 ms, and the run ends at 200 ms. Make one fetch fail
and try_join stops at that moment: the fetches still running are dropped (FutureDropped, their
timers cancelled) and the error reaches main. Make the deadline shorter than the slowest fetch and
the timer wins instead: the whole try_join is dropped, and everything inside it with it.]],
  params = {
    param { key = "fail", kind = "choice", choices = {"none", "first", "second", "third"}, default = "none",
            help = "which fetch fails" },
    param { key = "deadline_ms", kind = "int", min = 1, max = 600000, default = 5000, unit = "ms",
            help = "the timeout around all three fetches" },
  },
  variants = {
    variant { name = "all-ok", label = "All three answer", set = { fail = "none" } },
    variant { name = "first-fails", label = "svc-a fails at 100 ms", set = { fail = "first" } },
    variant { name = "third-fails", label = "svc-c fails at 150 ms", set = { fail = "third" } },
    variant { name = "tight-deadline", label = "Deadline 120 ms", set = { fail = "none", deadline_ms = 120 } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "current_thread",
  workers = 2,
}

-- A failure is a value, as in Rust: nil and the error.
local fetch_service = async(function(name, latency, fails)
  await(sleep(latency))
  if fails then return nil, name .. " refused the connection" end
  print(name, " answered after ", elapsed_ms(), " ms")
  return name .. ": OK"
end)

-- The failing service is chosen by the `fail` parameter: none, first, second or third.
local fetch_all = async(function(failing)
  local a = fetch_service("svc-a", 100, failing == "first")
  local b = fetch_service("svc-b", 200, failing == "second")
  local c = fetch_service("svc-c", 150, failing == "third")
  return await(try_join(a, b, c))  -- {a, b, c}, or nil and the first error
end)

function main(p)
  local answers, err = await(timeout(p.deadline_ms, fetch_all(p.fail)))
  if err == ELAPSED then
    print("the ", p.deadline_ms, " ms deadline passed first; every fetch still running was cancelled")
  elseif err then
    -- try_join stopped at the first failure and cancelled the other fetches.
    print("fetch_all failed after ", elapsed_ms(), " ms: ", err)
  else
    print("all answered after ", elapsed_ms(), " ms: ", answers[1], ", ", answers[2], ", ", answers[3])
  end
end
