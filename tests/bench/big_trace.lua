-- Lesson: the work-stealing shape at benchmark size, for scripts/bench_trace_files.sh: a trace of
-- about 11 events per task (10M events at the default tasks=930000), which the built-in lesson's 200 000-task
-- limit (kept so its parameter-corner test stays quick) cannot reach. Not a lesson for students.

lesson {
  id = "big-trace",
  title = "Work stealing at benchmark size (10M-event traces)",
  explanation = [[
Main spawns small CPU-bound jobs from one worker in batches and awaits each batch before the next;
idle workers take jobs from the inject queue and steal from the busy worker, as in work-stealing.]],
  params = {
    param { key = "tasks", kind = "int", min = 1, max = 2000000, default = 930000, help = "how many small tasks main spawns" },
    param { key = "batch", kind = "int", min = 1, max = 1000000, default = 10000, help = "how many are spawned before main awaits them" },
    param { key = "work_us", kind = "int", min = 1, max = 1000000, default = 50, unit = "us", help = "how long each task computes" },
  },
  flavors = { "multi_thread", "current_thread" },
  default_flavor = "multi_thread",
  workers = 4,
}

local small_job = async(function(work_ms)
  cpu_work(work_ms)
end)

function main(p)
  local done = 0
  while done < p.tasks do
    local count = math.min(p.batch, p.tasks - done)
    local handles = {}
    for i = 1, count do handles[i] = spawn(small_job(p.work_us / 1000), "job " .. (done + i)) end
    for i = 1, count do await(handles[i]) end
    done = done + count
  end
  print("all ", p.tasks, " tasks done after ", elapsed_us(), " us")
end
