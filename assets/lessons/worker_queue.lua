-- Lesson: a worker behind a queue, answering through oneshot channels (the script twin of the
-- built-in lesson).
--
-- Each work item carries the sending half of a oneshot channel: the worker answers on it and the
-- requester awaits the other half. The worker's loop also selects on a report tick, so it can say
-- how far it got every report_ms without a second task.

lesson {
  id = "worker-queue-lua",
  title = "A worker queue with oneshot replies (script)",
  explanation = [[
Main sends work items one at a time over a bounded queue and awaits each reply on a oneshot channel
the item carried along; the worker answers input x 1000. The worker's loop is a select between the
next item and a report tick, so on its lane you see short polls between work_ms sleeps, and a report
line about every report_ms. Each time an item wins, the tick branch is dropped and its timer
cancelled; because the tick is a fixed deadline, the next select sets it again at the same time.
Main never has more than one item in flight, so the total is about items x work_ms. When main
closes the queue, the worker's recv returns nothing and it stops.]],
  params = {
    param { key = "items", kind = "int", min = 1, max = 10000, default = 100, help = "how many work items main sends" },
    param { key = "work_ms", kind = "int", min = 0, max = 10000, default = 10, unit = "ms", help = "how long the worker takes per item" },
    param { key = "capacity", kind = "int", min = 1, max = 1024, default = 10, help = "how many items the queue buffers" },
    param { key = "report_ms", kind = "int", min = 1, max = 60000, default = 100, unit = "ms",
            help = "how often the worker reports its progress" },
  },
  variants = {
    variant { name = "default", label = "100 items, a report every 100 ms", set = {} },
    variant { name = "frequent-reports", label = "A report every 25 ms", set = { report_ms = 25 } },
    variant { name = "slow-worker", label = "50 ms per item", set = { items = 20, work_ms = 50 } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "current_thread",
  workers = 2,
}

local worker = async(function(queue, work_time, report_every)
  local done = 0
  local next_report = report_every
  while true do
    -- A fixed deadline, not a duration, so that the items arriving in between do not push the
    -- next report further away.
    local what, work = select(
      { queue:recv(), function(item) return "work", item end },
      { sleep_until(next_report), function() return "tick" end })
    if what == "tick" then
      print("worker: ", done, " items done so far, at ", elapsed_ms(), " ms")
      while next_report <= elapsed_ms() do next_report = next_report + report_every end  -- skip missed ticks
    else
      if work == nil then break end  -- every sender is gone: no more work will come
      await(sleep(work_time))       -- pretend to work
      work.respond_on:send(work.input * 1000)
      done = done + 1
    end
  end
  print("worker: the queue is closed after ", done, " items")
end)

-- Sends one item and waits for its answer.
local do_work = async(function(queue, input)
  local reply_tx, reply_rx = oneshot("reply")
  await(queue:send({ input = input, respond_on = reply_tx }))
  return await(reply_rx:recv()) or -1
end)

function main(p)
  local queue_tx, queue_rx = mpsc(p.capacity, "work queue")
  local worker_task = spawn(worker(queue_rx, p.work_ms, p.report_ms), "worker")
  for i = 0, p.items - 1 do
    local result = await(do_work(queue_tx, i))
    print("work result for item ", i, ": ", result)
  end
  queue_tx:close()  -- like drop(tx): the worker's recv() now ends its loop
  await(worker_task)
  print("done after ", elapsed_ms(), " ms")
end
