// What the narration says at the moments a teacher would stop the playhead in each lesson.
#include <string>

#include "lesson_runs.hpp"
#include "wakeline/playhead/narrate.hpp"
#include "wakeline/playhead/trace_catalog.hpp"

using namespace lesson_tests;

namespace {

// Narrates one lesson run; events are found by kind, task name and occurrence.
struct Narrated {
  explicit Narrated(const Trace& t) : trace(t), catalog(t), narrator(catalog) {}

  TaskId task(std::string_view name) const {
    for (TaskId id = 1; id < catalog.task_table_size(); ++id)
      if (catalog.task(id) && catalog.task(id)->name == name) return id;
    FAIL("no task named " << name);
    return 0;
  }
  std::size_t index(EventKind kind, std::string_view task_name, int nth = 0) const {
    const TaskId id = task_name.empty() ? 0 : task(task_name);
    for (std::size_t i = 0; i < trace.events.size(); ++i)
      if (trace.events[i].kind == kind && trace.events[i].task == id && nth-- == 0) return i;
    FAIL("no " << to_string(kind) << " number " << nth << " of " << task_name);
    return 0;
  }
  std::string line(EventKind kind, std::string_view task_name, int nth = 0) const {
    return narrator.line(index(kind, task_name, nth));
  }
  std::string quoted(TaskId id) const {
    std::string text(1, '`');
    text += catalog.task_name(id);
    text += '`';
    return text;
  }
  std::string worker(ThreadIndex thread) const { return "worker " + std::to_string(catalog.worker_number(thread).value()); }

  const Trace& trace;
  TraceCatalog catalog;
  Narrator narrator;
};

}  // namespace

TEST_CASE("narration of two spawned 1000 ms requests on one worker", "[playhead]") {
  const LessonRun run = run_lesson_with("sequential-vs-join", {"mode=spawn", "flavor=current_thread"});
  const Narrated n(run.trace());
  using K = EventKind;
  CHECK(n.line(K::TaskSpawned, "request 2") == "`main` spawns `request 2`");
  CHECK(n.line(K::TaskScheduled, "request 2") == "new task `request 2` joins the back of the run queue");
  CHECK(n.line(K::PollEnd, "main") == "`main` returns Pending: it waits for `request 1` to finish");
  CHECK(n.line(K::PollStart, "request 2") == "worker 0 polls `request 2` for the first time");
  CHECK(n.line(K::PollEnd, "request 2") == "`request 2` sets a 1000 ms timer and returns Pending");
  CHECK(n.line(K::TimerFired, "request 2") == "the timer driver fires timer 2: `request 2` is woken");
  CHECK(n.line(K::TaskScheduled, "request 2", 1) ==
        "`request 2` goes to the inject queue: the timer driver has no run queue of its own");
  CHECK(n.line(K::TaskWoken, "main") == "`request 1` has finished: `main`, waiting on its JoinHandle, is woken");
  CHECK(n.line(K::PollEnd, "request 2", 1) == "`request 2` returns Ready: it has finished");
  CHECK(n.line(K::Print, "main", 1) == "`main` prints: all done after 1000 ms");
  CHECK(n.narrator.line(run.trace().events.size() - 1) == "the run ends after 1000 ms");
}

TEST_CASE("narration of backpressure: the pinger waits on a full pings channel until the ponger makes room", "[playhead]") {
  const LessonRun run = run_lesson_with("channel-ping-pong", {"capacity=1", "handler_ms=5"});
  const Narrated n(run.trace());
  using K = EventKind;
  CHECK(n.line(K::ChannelCreated, "main") == "`main` creates the channel `pings` (mpsc, capacity 1)");
  // Messages read as the lesson prints them: ping 1 (message #0) is "1".
  CHECK(n.line(K::ChannelSend, "pinger") == "`pinger` sends \"1\" on `pings` straight to `ponger`, who was waiting for it");
  // Ping 1 keeps the one slot until `ponger` has taken it (as in Tokio): ping 2 has to wait.
  CHECK(n.line(K::ChannelWait, "pinger") == "`pinger` waits: channel `pings` is full (1/1)");
  CHECK(n.line(K::ChannelSend, "pinger", 1) == "a message left `pings`, so `pinger`'s waiting \"2\" goes in (1/1)");
  CHECK(n.line(K::ChannelWait, "pinger", 1) == "`pinger` waits: channel `pongs` is empty");
  CHECK(n.line(K::PollEnd, "pinger") == "`pinger` waits for room in `pings`, waits for a message on `pongs` and returns Pending");
  CHECK(n.line(K::ChannelSend, "pinger", 2) == "a message left `pings`, so `pinger`'s waiting \"3\" goes in (1/1)");
  CHECK(n.narrator.line(n.index(K::ChannelSend, "pinger", 2) + 1) ==
        "there is room in `pings` again: `pinger`'s send went through and it is woken");
  CHECK(n.line(K::PollEnd, "ponger") == "`ponger` waits for a message on `pings` and returns Pending");
  CHECK(n.line(K::TimerSet, "ponger") == "`ponger` sets timer 1 for 5 ms (it fires at 5.02 ms)");
}

TEST_CASE("narration of the race: the winner prints, the loser's branch is dropped, the runtime cancels the loser",
          "[playhead]") {
  const LessonRun run = run_lesson_with("select-race", {}, "race");
  const Narrated n(run.trace());
  using K = EventKind;
  CHECK(n.line(K::PollEnd, "main") == "`main` waits for a message on `cat`, waits for a message on `dog` and returns Pending");
  CHECK(n.line(K::FutureDropped, "main") == "`main` drops branch 1 of its select, unfinished");
  CHECK(n.line(K::Print, "main") == "`main` prints: the winner is cat after 30 ms");
  CHECK(n.line(K::TaskCancelled, "dog") == "the run is over: the runtime cancels `dog`, still unfinished");
  CHECK(n.line(K::TimerCancelled, "dog") == "timer 2 of `dog` is cancelled before it fired: its sleep was dropped");
}

TEST_CASE("narration of blocking the executor: block_thread freezes worker 0, spawn_blocking runs on the pool",
          "[playhead]") {
  using K = EventKind;
  {
    const LessonRun run = run_lesson_with("blocking-executor", {}, "thread_sleep");
    const Narrated n(run.trace());
    CHECK(n.line(K::BlockingStart, "main", 2) == "worker 0 is blocked by block_thread for 30 ms: nothing else can run on it");
    CHECK(n.line(K::BlockingEnd, "main", 2) == "worker 0 is free again after 30 ms of block_thread");
  }
  {
    const LessonRun run = run_lesson_with("blocking-executor", {}, "spawn_blocking");
    const Narrated n(run.trace());
    CHECK(n.line(K::TaskSpawned, "sleep 1") == "`main` hands `sleep 1` to the blocking pool (spawn_blocking)");
    CHECK(n.line(K::TaskScheduled, "sleep 1") == "`sleep 1` waits in the blocking pool's queue for a thread");
    CHECK(n.line(K::BlockingStart, "sleep 1") == "blocking 0 runs `sleep 1`");
    CHECK(n.line(K::BlockingEnd, "sleep 1") == "blocking 0 finishes `sleep 1` after 10 ms");
    CHECK(n.line(K::TaskCompleted, "sleep 1") == "`sleep 1` is done on the blocking pool: its result is ready");
  }
}

TEST_CASE("narration of work stealing: LIFO slot, overflow, a batch from the inject queue, a steal", "[playhead]") {
  using K = EventKind;
  {
    const LessonRun run = run_lesson_with("work-stealing", {"tasks=300"});
    const Narrated n(run.trace());
    const std::size_t lifo = n.index(K::TaskScheduled, "job 2");
    const std::string spawner = n.worker(run.trace().events[lifo].thread);
    CHECK(n.narrator.line(lifo) == "`job 2` goes into " + spawner + "'s LIFO slot: it runs next there");
    CHECK(n.narrator.line(lifo + 1) ==
          "`job 2` takes " + spawner + "'s LIFO slot: `job 1`, which was in it, moves to the back of its local run queue");
    // Each job is scheduled into the LIFO slot, displaced to the local queue, then moves on.
    CHECK(n.line(K::TaskScheduled, "job 4", 2) ==
          spawner + "'s local run queue is full: 129 tasks move to the inject queue, first `job 4`");
    CHECK(n.line(K::TaskScheduled, "job 5", 2) == "`job 5` moves to the inject queue too (" + spawner + "'s overflow)");
    const std::size_t batch = n.index(K::TaskScheduled, "job 5", 3);
    const std::string taker = n.worker(run.trace().events[batch].thread);
    std::size_t moved = 0;
    while (run.trace().events[batch + moved].kind == K::TaskScheduled && run.trace().events[batch + moved].thread == run.trace().events[batch].thread)
      ++moved;
    CHECK(n.narrator.line(batch) == taker + " takes a batch of " + std::to_string(moved + 1) +
                                        " tasks from the inject queue: it runs `job 4` now and puts `job 5` and " +
                                        std::to_string(moved - 1) + " more in its local run queue");
    CHECK(n.line(K::TaskScheduled, "job 6", 3) == "`job 6` moves from the inject queue to " + taker +
                                                     "'s local run queue, in the same batch");
  }
  {
    const LessonRun run = run_lesson_with("work-stealing", {"tasks=200"});
    const Narrated n(run.trace());
    const Trace& trace = run.trace();
    std::size_t steal = 0;
    while (trace.events[steal].kind != K::TaskStolen || trace.events[steal].b() < 2) ++steal;
    const Event& e = trace.events[steal];
    const std::string thief = n.worker(e.thread);
    const std::string victim = "worker " + std::to_string(e.a());
    CHECK(n.narrator.line(steal) ==
          thief + " steals " + std::to_string(e.b()) + " tasks from " + victim + " and runs " + n.quoted(e.task) + " first");
    CHECK(n.narrator.line(steal + 1) ==
          n.quoted(trace.events[steal + 1].task) + " moves from " + victim + "'s local run queue to " + thief + "'s, in the same steal");
  }
}

TEST_CASE("a trace without message texts (from before they were recorded) narrates message numbers", "[playhead]") {
  Trace trace = run_lesson_with("channel-ping-pong", {"capacity=1", "handler_ms=5"}).trace();
  trace.messages.clear();
  const Narrated n(trace);
  using K = EventKind;
  CHECK(n.line(K::ChannelSend, "pinger") == "`pinger` sends message #0 on `pings` straight to `ponger`, who was waiting for it");
  CHECK(n.line(K::ChannelSend, "pinger", 1) == "a message left `pings`, so `pinger`'s waiting message #1 goes in (1/1)");
}

TEST_CASE("narration of a worker queue answering through oneshot replies", "[playhead]") {
  const LessonRun run = run_lesson_with("worker-queue", {"items=2"});
  const Narrated n(run.trace());
  using K = EventKind;
  CHECK(n.line(K::ChannelCreated, "main") == "`main` creates the channel `work queue` (mpsc, capacity 10)");
  CHECK(n.line(K::ChannelCreated, "main", 1) == "`main` creates the oneshot channel `reply`");
  CHECK(n.line(K::ChannelWait, "main") == "`main` waits for the value on `reply`");
  CHECK(n.line(K::ChannelSend, "worker") == "`worker` sends \"0\" on `reply`");  // item 0's answer, 0 x 1000
  CHECK(n.narrator.line(n.index(K::ChannelSend, "worker") + 1) == "`worker` sent the value on `reply`: `main` is woken");
  CHECK(n.line(K::ChannelRecv, "main") == "`main` receives \"0\" from `reply`");
  CHECK(n.line(K::ChannelClose, "main") == "`main` drops the last sender of `work queue`: the channel is closed");
  CHECK(n.line(K::FutureDropped, "worker") == "`worker` drops branch 1 of its select, unfinished");
}
