// The runtime's state at the playhead, rebuilt from the lessons' traces: what waits where, which
// queue holds which task, and the same answer whichever way the playhead got there.
#include <algorithm>
#include <string>
#include <vector>

#include "lesson_runs.hpp"
#include "wakeline/playhead/playhead.hpp"
#include "wakeline/playhead/state_timeline.hpp"

using namespace lesson_tests;

namespace {

TaskId task_named(const Trace& trace, std::string_view name) {
  for (const auto& e : trace.events)
    if (e.kind == EventKind::TaskSpawned && trace.str(static_cast<StringId>(e.b())) == name) return e.task;
  FAIL("no task named " << name);
  return 0;
}

// The ids of the channels created under `name`, in creation order.
std::vector<std::uint64_t> channels_named(const Trace& trace, std::string_view name) {
  std::vector<std::uint64_t> ids;
  for (const auto& e : trace.events)
    if (e.kind == EventKind::ChannelCreated && trace.str(static_cast<StringId>(e.b())) == name) ids.push_back(e.a());
  return ids;
}

// The first event at or after `from` that `match` accepts.
template <typename Match>
std::size_t find_from(const Trace& trace, std::size_t from, Match match) {
  for (std::size_t i = from; i < trace.events.size(); ++i)
    if (match(trace.events[i])) return i;
  FAIL("no such event after " << from);
  return 0;
}

RuntimeState state_at_time(const StateTimeline& timeline, std::uint64_t ns) {
  return timeline.state_at(timeline.catalog().position_at_time(ns));
}

struct LessonCase {
  std::string id;
  std::vector<std::string> settings;
  std::string variant;
};

}  // namespace

TEST_CASE("stepping forward then back through a lesson shows the same state at every event, also through checkpoints",
          "[playhead]") {
  const LessonCase lesson = GENERATE(values<LessonCase>({
      {"channel-ping-pong", {}, "backpressure"},
      {"worker-queue", {"items=6", "report_ms=15"}, ""},
      {"work-stealing", {"tasks=300"}, ""},
      {"blocking-executor", {}, "spawn_blocking"},
      {"select-race", {}, "timeout"},
      {"timeout-try-join", {}, "first-fails"},
      {"joinset-limit", {"flavor=multi_thread", "workers=3"}, ""},
      {"sequential-vs-join", {"requests=4"}, "spawn"},
  }));
  INFO(lesson.id << " " << lesson.variant);
  const LessonRun run = run_lesson_with(lesson.id, lesson.settings, lesson.variant);
  const StateTimeline timeline(run.trace(), {.checkpoint_every = 64});
  const std::size_t n = timeline.size();

  std::vector<RuntimeState> forward;
  forward.reserve(n + 1);
  RuntimeState state = timeline.replay_from_start(0);
  std::string first_problem;
  for (std::size_t p = 0; p <= n; ++p) {
    if (const std::string problem = find_inconsistency(state); first_problem.empty() && !problem.empty())
      first_problem = "at position " + std::to_string(p) + ": " + problem;
    forward.push_back(state);
    timeline.step(state);
  }
  CHECK(first_problem.empty());
  CHECK(forward.back().ended);

  std::size_t checkpoint_mismatch = kNoEvent;
  for (std::size_t p = 0; p <= n && checkpoint_mismatch == kNoEvent; ++p)
    if (!(timeline.state_at(p) == forward[p])) checkpoint_mismatch = p;
  CHECK(checkpoint_mismatch == kNoEvent);

  Playhead playhead(timeline);
  playhead.seek(n);
  std::size_t back_mismatch = kNoEvent;
  for (std::size_t p = n;; --p) {
    if (back_mismatch == kNoEvent && !(playhead.state() == forward[p])) back_mismatch = p;
    if (!playhead.step_back()) break;
  }
  CHECK(back_mismatch == kNoEvent);
  CHECK(playhead.at_start());
}

TEST_CASE("with capacity 1 and a 5 ms handler the pinger waits as a sender while pings holds one message, "
          "from its ChannelWait until the ponger's recv takes it and lets the waiting message in",
          "[playhead]") {
  const LessonRun run = run_lesson_with("channel-ping-pong", {"capacity=1", "handler_ms=5"});
  const Trace& trace = run.trace();
  const TaskId pinger = task_named(trace, "pinger");
  const TaskId ponger = task_named(trace, "ponger");
  const std::uint64_t pings = channels_named(trace, "pings").at(0);
  const std::size_t wait = find_from(trace, 0, [&](const Event& e) {
    return e.kind == EventKind::ChannelWait && e.task == pinger && e.a() == pings && e.b() == static_cast<std::uint64_t>(WaitSide::Send);
  });
  const std::size_t admitted = find_from(trace, wait + 1, [&](const Event& e) {
    return e.kind == EventKind::ChannelSend && e.task == pinger && e.a() == pings;
  });
  // Ping 0 went straight to the waiting ponger but holds the one slot until the ponger has it.
  const std::size_t received = find_from(trace, wait + 1, [&](const Event& e) {
    return e.kind == EventKind::ChannelRecv && e.task == ponger && e.a() == pings;
  });
  REQUIRE(received < admitted);
  const StateTimeline timeline(trace);

  const RuntimeState before = timeline.state_at(wait);
  CHECK(before.channel(pings)->waiting_senders.empty());
  CHECK(before.channel(pings)->buffered.size() == 1);  // the ping that filled it

  std::size_t wrong_at = kNoEvent;
  for (std::size_t p = wait + 1; p <= received && wrong_at == kNoEvent; ++p) {
    const RuntimeState s = timeline.state_at(p);
    const ChannelState& ch = *s.channel(pings);
    if (ch.waiting_senders != std::vector<TaskId>{pinger} || ch.buffered.size() != 1) wrong_at = p;
  }
  CHECK(wrong_at == kNoEvent);
  const RuntimeState waiting = timeline.state_at(wait + 1);
  CHECK(waiting.time_ns == trace.events[wait].time_ns);
  CHECK(waiting.task(pinger).status == TaskStatus::Running);  // still in the poll that sent the burst

  // The admitting send is recorded for the pinger while the ponger runs: its recv of ping 0 made
  // room, before its first 5 ms handler.
  const RuntimeState after = timeline.state_at(admitted + 1);
  CHECK(after.channel(pings)->waiting_senders.empty());
  CHECK(after.channel(pings)->buffered == std::vector<std::uint64_t>{trace.events[admitted].b()});
  CHECK(after.workers[0].task == ponger);
  CHECK(after.time_ns < 5 * kMs);
}

TEST_CASE("while the worker handles item i, main waits on the reply channel made for item i", "[playhead]") {
  const LessonRun run = run_lesson_with("worker-queue", {"items=5", "report_ms=15"});
  const Trace& trace = run.trace();
  const TaskId main = task_named(trace, "main");
  const TaskId worker = task_named(trace, "worker");
  const std::uint64_t queue = channels_named(trace, "work queue").at(0);
  const std::vector<std::uint64_t> replies = channels_named(trace, "reply");
  REQUIRE(replies.size() == 5);
  const StateTimeline timeline(trace);
  for (std::uint64_t item = 0; item < 5; ++item) {
    INFO("item " << item);
    const std::size_t received = find_from(trace, 0, [&](const Event& e) {
      return e.kind == EventKind::ChannelRecv && e.task == worker && e.a() == queue && e.b() == item;
    });
    const std::size_t answered = find_from(trace, received, [&](const Event& e) {
      return e.kind == EventKind::ChannelSend && e.task == worker && e.a() == replies[item];
    });
    std::size_t wrong_at = kNoEvent;
    for (std::size_t p = received + 1; p <= answered && wrong_at == kNoEvent; ++p) {
      const RuntimeState s = timeline.state_at(p);
      for (std::uint64_t other = 0; other < 5; ++other) {
        const ChannelState* reply = s.channel(replies[other]);  // not created yet for later items
        const std::vector<TaskId> waiting = reply ? reply->waiting_receivers : std::vector<TaskId>{};
        if (waiting != (other == item ? std::vector<TaskId>{main} : std::vector<TaskId>{})) wrong_at = p;
      }
      const TaskState& m = s.task(main);
      if (m.status != TaskStatus::Waiting || m.waiting_on != WaitingOn::ChannelRecv || m.object != replies[item]) wrong_at = p;
    }
    CHECK(wrong_at == kNoEvent);
    CHECK(timeline.state_at(answered + 2).channel(replies[item])->waiting_receivers.empty());  // the send woke main
  }
}

TEST_CASE("at 500 ms join mode has both request timers pending inside main, sequential mode only the first", "[playhead]") {
  {
    const LessonRun run = run_lesson_with("sequential-vs-join", {}, "join");
    const StateTimeline timeline(run.trace());
    const RuntimeState s = state_at_time(timeline, 500 * kMs);
    const TaskId main = task_named(run.trace(), "main");
    REQUIRE(s.timers.size() == 2);
    for (const PendingTimer& timer : s.timers) {
      CHECK(timer.task == main);
      CHECK(timer.deadline_ns >= 1000 * kMs);
      CHECK(timer.deadline_ns < 1001 * kMs);
    }
    CHECK(s.task(main).status == TaskStatus::Waiting);
    CHECK(s.task(main).waiting_on == WaitingOn::Timer);
    CHECK(s.timers_of(main).size() == 2);
  }
  {
    const LessonRun run = run_lesson_with("sequential-vs-join", {}, "sequential");
    const StateTimeline timeline(run.trace());
    const RuntimeState s = state_at_time(timeline, 500 * kMs);
    REQUIRE(s.timers.size() == 1);
    CHECK(s.timers[0].deadline_ns < 1001 * kMs);
    CHECK(state_at_time(timeline, 1500 * kMs).timers.size() == 1);  // the second request's, set at 1000 ms
    CHECK(state_at_time(timeline, 1500 * kMs).timers[0].deadline_ns >= 2000 * kMs);
  }
  {
    const LessonRun run = run_lesson_with("sequential-vs-join", {}, "spawn");
    const StateTimeline timeline(run.trace());
    const RuntimeState s = state_at_time(timeline, 500 * kMs);
    REQUIRE(s.timers.size() == 2);
    for (const char* name : {"request 1", "request 2"}) {
      const TaskId request = task_named(run.trace(), name);
      REQUIRE(s.timers_of(request).size() == 1);
      CHECK(s.task(request).waiting_on == WaitingOn::Timer);
      CHECK(s.task(request).object == s.timers_of(request)[0]->id);
    }
    CHECK(s.task(task_named(run.trace(), "main")).waiting_on == WaitingOn::Join);
    CHECK(s.task(task_named(run.trace(), "main")).object == task_named(run.trace(), "request 1"));
  }
}

TEST_CASE("blocking-executor with thread_sleep: at 100 ms the single worker is blocked in main's poll and "
          "nothing else can run, with async_sleep it is parked while the timers wait",
          "[playhead]") {
  {
    const LessonRun run = run_lesson_with("blocking-executor", {}, "thread_sleep");
    const StateTimeline timeline(run.trace());
    const RuntimeState s = state_at_time(timeline, 100 * kMs);
    const TaskId main = task_named(run.trace(), "main");
    REQUIRE(s.workers.size() == 1);
    const WorkerState& w = s.workers[0];
    CHECK(w.activity == WorkerActivity::Polling);
    CHECK(w.task == main);
    CHECK(w.blocked == BlockingKind::BlockThread);
    CHECK(w.blocked_since_ns == 100 * kMs);  // futures 1 to 4 blocked 10 + 20 + 30 + 40 ms before
    CHECK(w.blocked_for_ns == 50 * kMs);     // future 5
    CHECK(s.task(main).status == TaskStatus::Running);
    // The other futures are branches of main: ready in main, which holds the worker.
    CHECK(w.local.empty());
    CHECK(s.inject.empty());
    CHECK(s.timers.empty());
    CHECK(s.printed().size() == 4);
  }
  {
    const LessonRun run = run_lesson_with("blocking-executor", {}, "async_sleep");
    const StateTimeline timeline(run.trace());
    const RuntimeState s = state_at_time(timeline, 55 * kMs);
    const TaskId main = task_named(run.trace(), "main");
    CHECK(s.workers[0].activity == WorkerActivity::Parked);
    REQUIRE(s.timers.size() == 5);  // futures 6 to 10 still sleep
    for (const PendingTimer& timer : s.timers) CHECK(timer.task == main);
    CHECK(s.timers.front().deadline_ns == 60 * kMs);
    CHECK(s.timers.back().deadline_ns == 100 * kMs);
    CHECK(s.task(main).waiting_on == WaitingOn::Timer);
    CHECK(s.task(main).object == s.timers.front().id);
    CHECK(s.printed().size() == 5);
  }
}

TEST_CASE("on multi_thread a spawned task takes the spawner's LIFO slot and the one it displaces goes to the back "
          "of the local queue, and a full local queue moves half of itself to the inject queue",
          "[playhead]") {
  const LessonRun run = run_lesson_with("work-stealing", {"tasks=300"});
  const Trace& trace = run.trace();
  const StateTimeline timeline(trace);
  const auto lifo = static_cast<std::uint64_t>(QueueKind::Lifo);
  const auto local = static_cast<std::uint64_t>(QueueKind::Local);
  std::size_t checked = 0;
  std::size_t wrong_at = kNoEvent;
  for (std::size_t i = 0; i + 1 < trace.events.size() && wrong_at == kNoEvent; ++i) {
    const Event& e = trace.events[i];
    const Event& next = trace.events[i + 1];
    if (e.kind != EventKind::TaskScheduled || e.a() != lifo || next.kind != EventKind::TaskScheduled || next.a() != local ||
        next.b() != e.b() || next.thread != e.thread)
      continue;
    const RuntimeState s = timeline.state_at(i + 2);
    const WorkerState& w = s.workers.at(e.b());
    if (w.lifo != e.task || w.local.empty() || w.local.back() != next.task || s.task(next.task).queue != TaskQueue::Local)
      wrong_at = i;
    ++checked;
  }
  CHECK(wrong_at == kNoEvent);
  CHECK(checked > 200);

  // The first overflow: 256 queued, then the front 128 and the displaced task move to the inject queue.
  // (main itself reaches the inject queue from the runtime's thread, which is no worker)
  const std::size_t overflow = find_from(trace, 0, [&](const Event& e) {
    return e.kind == EventKind::TaskScheduled && e.a() == static_cast<std::uint64_t>(QueueKind::Inject) &&
           timeline.catalog().worker_number(e.thread).has_value();
  });
  const std::uint32_t spawner = timeline.catalog().worker_number(trace.events[overflow].thread).value();
  const RuntimeState before = timeline.state_at(overflow);
  const RuntimeState after = timeline.state_at(overflow + 129);
  // 256 queued, and the task the last spawn displaced from the LIFO slot, shown at the back at once.
  CHECK(before.workers[spawner].local.size() == 257);
  CHECK(after.workers[spawner].local.size() == 128);
  REQUIRE(after.inject.size() == before.inject.size() + 129);
  CHECK(after.inject[before.inject.size()] == before.workers[spawner].local.front());
  CHECK(after.inject.back() == before.workers[spawner].local.back());
  CHECK(after.workers[spawner].local.front() == before.workers[spawner].local[128]);
}

TEST_CASE("a steal moves half of the victim's local queue to the thief, which polls the first of them next", "[playhead]") {
  const LessonRun run = run_lesson_with("work-stealing", {"tasks=200"});
  const Trace& trace = run.trace();
  const std::size_t steal = find_from(trace, 0, [](const Event& e) { return e.kind == EventKind::TaskStolen && e.b() >= 2; });
  const Event& first = trace.events[steal];
  const std::size_t n = first.b();
  std::vector<TaskId> stolen;
  for (std::size_t k = 0; k < n; ++k) {
    REQUIRE(trace.events[steal + k].kind == EventKind::TaskStolen);
    stolen.push_back(trace.events[steal + k].task);
  }
  const StateTimeline timeline(trace);
  const std::uint32_t thief = timeline.catalog().worker_number(first.thread).value();
  const auto victim = static_cast<std::size_t>(first.a());

  const RuntimeState before = timeline.state_at(steal);
  const auto& victim_before = before.workers.at(victim).local;
  REQUIRE(victim_before.size() >= n);
  CHECK(std::equal(stolen.begin(), stolen.end(), victim_before.begin()));  // from the front, in order
  CHECK(n == victim_before.size() - victim_before.size() / 2);             // half, rounded up

  const RuntimeState after = timeline.state_at(steal + n);
  CHECK(after.workers[thief].taken == stolen[0]);
  CHECK(after.task(stolen[0]).queue == TaskQueue::Taken);
  CHECK(std::vector<TaskId>(after.workers[thief].local.begin(), after.workers[thief].local.end()) ==
        std::vector<TaskId>(stolen.begin() + 1, stolen.end()));
  CHECK(after.workers[victim].local.size() == victim_before.size() - n);
  for (TaskId t : stolen)
    CHECK(std::find(after.workers[victim].local.begin(), after.workers[victim].local.end(), t) == after.workers[victim].local.end());

  const std::size_t poll = timeline.catalog().next_poll_start(steal + n).value();
  CHECK(trace.events[poll].task == stolen[0]);
  CHECK(trace.events[poll].thread == first.thread);
  const RuntimeState polling = timeline.state_at(poll + 1);
  CHECK(polling.workers[thief].taken == 0);
  CHECK(polling.workers[thief].task == stolen[0]);
}
