-- Lesson: work stealing (the script twin of the built-in lesson).
--
-- One task spawns many small CPU-bound tasks. They all land in the run queue of the worker that
-- spawned them (its LIFO slot and local queue, spilling to the inject queue when full), yet soon
-- every worker is busy: idle workers steal half of a busy worker's queue.

lesson {
  id = "work-stealing-lua",
  title = "Work stealing across workers (script)",
  explanation = [[
Main spawns all the jobs from one worker, so at first every job sits in that worker's queues: one
in its LIFO slot, up to 256 in its local queue, and, past that, half of the local queue moves to the
shared inject queue each time it overflows. The other workers wake up with nothing of their own to
do: they take jobs from the inject queue, and steal half of the busy worker's local queue
(TaskStolen events). With 200 jobs everything fits in the local queue and stealing does all the
spreading; with 1000 most jobs travel through the inject queue instead. With 4 workers the jobs
finish in about a quarter of the time one worker would need. Switch to current_thread to see the
same jobs with nobody to steal them.]],
  params = {
    param { key = "tasks", kind = "int", min = 1, max = 200000, default = 1000, help = "how many small tasks main spawns" },
    param { key = "work_us", kind = "int", min = 1, max = 1000000, default = 50, unit = "us", help = "how long each task computes" },
  },
  variants = {
    variant { name = "four-workers", label = "multi_thread, 4 workers", set = { flavor = "multi_thread", workers = 4 } },
    variant { name = "two-workers", label = "multi_thread, 2 workers", set = { flavor = "multi_thread", workers = 2 } },
    variant { name = "one-worker", label = "current_thread: nobody to steal", set = { flavor = "current_thread" } },
  },
  flavors = { "multi_thread", "current_thread" },
  default_flavor = "multi_thread",
  workers = 4,
}

local small_job = async(function(work_ms)
  cpu_work(work_ms)  -- a little computation, no await: each job is exactly one poll
end)

function main(p)
  print("spawning ", p.tasks, " tasks of ", p.work_us, " us of work each")
  local handles = {}
  for i = 1, p.tasks do handles[i] = spawn(small_job(p.work_us / 1000), "job " .. i) end
  for i = 1, p.tasks do await(handles[i]) end
  print("all ", p.tasks, " tasks done after ", elapsed_us(), " us")
end
