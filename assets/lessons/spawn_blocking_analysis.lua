-- Lesson: I/O-bound fetches followed by CPU-heavy analysis, and where that analysis should run
-- (the script twin of the built-in lesson).
--
-- Ten datasets are fetched concurrently (one task each); each is then analysed by counting the
-- ones and zeros in its bytes, which takes cpu_ms of pure computation. Done inline, the analysis
-- occupies a worker; moved to the blocking pool with spawn_blocking, it leaves the workers free.

lesson {
  id = "spawn-blocking-analysis-lua",
  title = "CPU work after I/O: spawn_blocking vs inline (script)",
  explanation = [[
Every dataset task waits on its fetch first; those waits overlap, so all the data arrives after
about one latency. Then each task analyses its data for cpu_ms. In blocking_pool mode that work
goes to blocking-pool lanes, which run side by side, and the whole run takes about latency + cpu_ms.
In inline mode the analysis runs on the worker that polled the task: watch the worker lanes fill
with blocked spans while finished fetches wait in the run queues for a free worker. With 2 workers
that makes the run take about latency + datasets x cpu_ms / 2.]],
  params = {
    param { key = "mode", kind = "choice", choices = {"blocking_pool", "inline"}, default = "blocking_pool",
            help = "where the CPU-heavy analysis runs" },
    param { key = "datasets", kind = "int", min = 1, max = 1000, default = 10, help = "how many datasets are fetched and analysed" },
    param { key = "latency_ms", kind = "int", min = 1, max = 60000, default = 1000, unit = "ms", help = "how long each fetch takes" },
    param { key = "cpu_ms", kind = "int", min = 0, max = 10000, default = 200, unit = "ms", help = "how long each analysis computes" },
  },
  variants = {
    variant { name = "blocking_pool", label = "Analysis on the blocking pool", set = { mode = "blocking_pool" } },
    variant { name = "inline", label = "Analysis inline on the workers", set = { mode = "inline" } },
    variant { name = "inline-one-worker", label = "Inline, on current_thread", set = { mode = "inline", flavor = "current_thread" } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "multi_thread",
  workers = 2,
}

-- How many bits are set in each byte value 0..255.
local bits = {}
for byte = 0, 255 do
  local n, b = 0, byte
  while b > 0 do n, b = n + (b & 1), b >> 1 end
  bits[byte] = n
end

-- The CPU-heavy part. cpu_work stands for the long computation: the thread running it can do
-- nothing else meanwhile.
local function analyze(body, cpu_time)
  cpu_work(cpu_time)
  local ones = 0
  for i = 1, #body do ones = ones + bits[body:byte(i)] end
  return { ones = ones, zeros = 8 * #body - ones }
end

local get_and_analyze = async(function(n, latency, cpu_time, on_blocking_pool)
  local body = await(fake_fetch("https://data.example.com/set/" .. n, latency, 4096))
  print("dataset ", n, " arrived at ", elapsed_ms(), " ms")
  local counts
  if on_blocking_pool then
    -- The analysis runs on a blocking-pool thread; this task waits for it without holding a worker.
    counts = await(spawn_blocking(analyze, "analyze " .. n, body, cpu_time))
  else
    counts = analyze(body, cpu_time)  -- right here, on the worker: nothing else runs on it meanwhile
  end
  print("processed dataset ", n, " at ", elapsed_ms(), " ms")
  return counts
end)

function main(p)
  local tasks = {}
  for n = 1, p.datasets do
    tasks[n] = spawn(get_and_analyze(n, p.latency_ms, p.cpu_ms, p.mode == "blocking_pool"), "dataset " .. n)
  end
  local ones, zeros = 0, 0
  for n = 1, p.datasets do
    local counts = await(tasks[n])
    ones, zeros = ones + counts.ones, zeros + counts.zeros
  end
  local ratio = math.floor(ones / zeros * 100 + 0.5) / 100
  print("ratio of ones to zeros: ", string.format("%g", ratio), ", after ", elapsed_ms(), " ms")
end
