// The playhead's RuntimeState on small programs run here (locks, permits, broadcast, watch,
// unbounded channels), checkpoints at any spacing, and hand-built traces (the lessons' states
// are checked in tests/scenarios/playhead_*_test.cpp).
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trace_fixtures.hpp"
#include "wakeline/broadcast.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/mutex.hpp"
#include "wakeline/playhead/playhead.hpp"
#include "wakeline/playhead/state_timeline.hpp"
#include "wakeline/semaphore.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"
#include "wakeline/watch.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

TaskId task_named(const Trace& trace, std::string_view name) {
  for (const Event& e : trace.events)
    if (e.kind == EventKind::TaskSpawned && trace.str(static_cast<StringId>(e.b())) == name) return e.task;
  FAIL("no task named " << name);
  return 0;
}

// The channel created under `name`; the test stops here when the lesson has none.
std::uint64_t required_channel(const Trace& trace, std::string_view name) {
  const std::uint64_t id = channel_named(trace, name);
  if (id == 0) FAIL("no channel named " << name);
  return id;
}

// Every position of the trace: consistent, and the same through checkpoints as stepped to.
void require_consistent_everywhere(const StateTimeline& timeline) {
  RuntimeState stepped = timeline.state_at(0);
  std::size_t first_mismatch = kNoEvent;
  std::string first_problem;
  for (std::size_t p = 0; p <= timeline.size(); ++p) {
    if (first_mismatch == kNoEvent && !(timeline.state_at(p) == stepped)) first_mismatch = p;
    if (first_problem.empty()) {
      first_problem = find_inconsistency(stepped);
      if (!first_problem.empty()) first_problem = "at " + std::to_string(p) + ": " + first_problem;
    }
    timeline.step(stepped);
  }
  CHECK(first_mismatch == kNoEvent);
  CHECK(first_problem.empty());
}

Task<> hold_lock(std::shared_ptr<Mutex<int>> mutex, std::chrono::nanoseconds d) {
  auto guard = co_await mutex->lock();
  co_await sleep(d);
}

Task<> use_permit(std::shared_ptr<Semaphore> sem, std::chrono::nanoseconds d) {
  auto permit = co_await sem->acquire();
  co_await sleep(d);
}

}  // namespace

TEST_CASE("two tasks queue for a Mutex held across a 100 ms sleep: at 50 ms both wait for the lock, in order",
          "[playhead]") {
  auto body = []() -> Task<> {
    auto mutex = std::make_shared<Mutex<int>>(0, "counter");
    auto holder = spawn(hold_lock(mutex, 100ms), "holder");
    co_await sleep(1ms);
    auto first = spawn(hold_lock(mutex, 0ms), "first");
    auto second = spawn(hold_lock(mutex, 0ms), "second");
    (void)co_await std::move(holder);
    (void)co_await std::move(first);
    (void)co_await std::move(second);
  };
  const auto result = checked_run(RuntimeOptions{}, body());
  const Trace& trace = result.report.trace;
  const StateTimeline timeline(trace);
  const std::uint64_t mutex = required_channel(trace, "counter");
  const TaskId first = task_named(trace, "first");
  const TaskId second = task_named(trace, "second");

  const RuntimeState at_50 = timeline.state_at(timeline.catalog().position_at_time(50 * kMs));
  const ChannelState* lock = at_50.channel(mutex);
  REQUIRE(lock != nullptr);
  CHECK(lock->kind == ChannelKind::Mutex);
  CHECK(lock->capacity == 1);
  CHECK(lock->waiting_receivers == std::vector<TaskId>{first, second});
  CHECK(at_50.task(first).status == TaskStatus::Waiting);
  CHECK(at_50.task(first).waiting_on == WaitingOn::Lock);
  CHECK(at_50.task(first).object == mutex);
  CHECK(at_50.task(task_named(trace, "holder")).waiting_on == WaitingOn::Timer);
  REQUIRE(at_50.timers.size() == 1);
  CHECK(at_50.timers[0].deadline_ns >= 100 * kMs);  // 100 ms after the holder's first poll
  CHECK(at_50.timers[0].deadline_ns < 101 * kMs);

  const RuntimeState after = timeline.state_at(timeline.catalog().position_at_time(101 * kMs));
  CHECK(after.channel(mutex)->waiting_receivers.empty());
  CHECK(after.task(second).status == TaskStatus::Completed);
  require_consistent_everywhere(timeline);
}

TEST_CASE("four tasks share a 2-permit Semaphore: at 50 ms two sleep holding permits and two wait for one",
          "[playhead]") {
  auto body = []() -> Task<> {
    auto sem = std::make_shared<Semaphore>(2, "slots");
    std::vector<JoinHandle<void>> all;
    for (int i = 0; i < 4; ++i) all.push_back(spawn(use_permit(sem, 100ms), "user " + std::to_string(i)));
    for (auto& h : all) (void)co_await std::move(h);
  };
  const auto result = checked_run(RuntimeOptions{}, body());
  const Trace& trace = result.report.trace;
  const StateTimeline timeline(trace);
  const std::uint64_t sem = required_channel(trace, "slots");

  const RuntimeState at_50 = timeline.state_at(timeline.catalog().position_at_time(50 * kMs));
  CHECK(at_50.timers.size() == 2);
  CHECK(at_50.channel(sem)->waiting_receivers == std::vector<TaskId>{task_named(trace, "user 2"), task_named(trace, "user 3")});
  CHECK(at_50.task(task_named(trace, "user 3")).waiting_on == WaitingOn::Semaphore);

  const RuntimeState at_150 = timeline.state_at(timeline.catalog().position_at_time(150 * kMs));
  CHECK(at_150.timers.size() == 2);
  CHECK(at_150.channel(sem)->waiting_receivers.empty());
  CHECK(at_150.task(task_named(trace, "user 0")).status == TaskStatus::Completed);
  require_consistent_everywhere(timeline);
}

TEST_CASE("a broadcast keeps a message in its ring until the slower receiver has read it too", "[playhead]") {
  auto body = []() -> Task<> {
    auto [tx, fast_rx] = broadcast::channel<int>(8, "news");
    auto slow_rx = tx.subscribe();
    auto read = [](broadcast::Receiver<int> rx, std::chrono::nanoseconds wait) -> Task<> {
      co_await sleep(wait);
      for (int i = 0; i < 3; ++i) (void)co_await rx.recv();
    };
    auto fast = spawn(read(std::move(fast_rx), 0ms), "fast");
    auto slow = spawn(read(std::move(slow_rx), 10ms), "slow");
    for (int i = 0; i < 3; ++i) tx.send(i);
    (void)co_await std::move(fast);
    (void)co_await std::move(slow);
  };
  const auto result = checked_run(RuntimeOptions{}, body());
  const Trace& trace = result.report.trace;
  const StateTimeline timeline(trace);
  const std::uint64_t news = required_channel(trace, "news");
  // At 5 ms the fast reader has read all three; the slow one is still asleep.
  const RuntimeState at_5 = timeline.state_at(timeline.catalog().position_at_time(5 * kMs));
  CHECK(at_5.task(task_named(trace, "fast")).status == TaskStatus::Completed);
  CHECK(at_5.channel(news)->buffered == std::vector<std::uint64_t>{0, 1, 2});
  const RuntimeState at_20 = timeline.state_at(timeline.catalog().position_at_time(20 * kMs));
  CHECK(at_20.channel(news)->buffered.empty());
  require_consistent_everywhere(timeline);
}

TEST_CASE("a watch channel holds only its latest version, and its waiter is listed until the change", "[playhead]") {
  auto body = []() -> Task<> {
    auto [tx, rx] = watch::channel<int>(0, "config");
    auto waiter = spawn([](watch::Receiver<int> r) -> Task<> { (void)co_await r.changed(); }(std::move(rx)), "waiter");
    co_await sleep(10ms);
    tx.send(1);
    tx.send(2);
    (void)co_await std::move(waiter);
  };
  const auto result = checked_run(RuntimeOptions{}, body());
  const Trace& trace = result.report.trace;
  const StateTimeline timeline(trace);
  const std::uint64_t config = required_channel(trace, "config");
  const RuntimeState at_5 = timeline.state_at(timeline.catalog().position_at_time(5 * kMs));
  CHECK(at_5.channel(config)->buffered == std::vector<std::uint64_t>{0});
  CHECK(at_5.channel(config)->waiting_receivers == std::vector<TaskId>{task_named(trace, "waiter")});
  const RuntimeState end = timeline.state_at(timeline.size());
  CHECK(end.channel(config)->buffered == std::vector<std::uint64_t>{2});
  CHECK(end.channel(config)->waiting_receivers.empty());
  require_consistent_everywhere(timeline);
}

TEST_CASE("an unbounded channel lists a burst of messages in order and drains them from the front", "[playhead]") {
  auto body = []() -> Task<> {
    auto [tx, rx] = mpsc::unbounded_channel<int>("burst");
    for (int i = 0; i < 5; ++i) (void)co_await tx.send(i);
    co_await sleep(10ms);
    for (int i = 0; i < 2; ++i) (void)co_await rx.recv();
    co_await sleep(10ms);
  };
  const auto result = checked_run(RuntimeOptions{}, body());
  const Trace& trace = result.report.trace;
  const StateTimeline timeline(trace);
  const std::uint64_t burst = required_channel(trace, "burst");
  const RuntimeState s5 = timeline.state_at(timeline.catalog().position_at_time(5 * kMs));
  CHECK(s5.channel(burst)->capacity == 0);
  CHECK(s5.channel(burst)->buffered == std::vector<std::uint64_t>{0, 1, 2, 3, 4});
  const RuntimeState s15 = timeline.state_at(timeline.catalog().position_at_time(15 * kMs));
  CHECK(s15.channel(burst)->buffered == std::vector<std::uint64_t>{2, 3, 4});
  CHECK(s15.channel(burst)->taken.empty());
  require_consistent_everywhere(timeline);
}

TEST_CASE("state_at gives the same state at every position whatever the checkpoint spacing", "[playhead]") {
  auto body = []() -> Task<> {
    auto [tx, rx] = mpsc::channel<int>(2, "jobs");
    auto consumer = spawn(
        [](mpsc::Receiver<int> r) -> Task<> {
          while (auto job = co_await r.recv()) co_await sleep(std::chrono::milliseconds(*job));
        }(std::move(rx)),
        "consumer");
    for (int i = 1; i <= 6; ++i) (void)co_await tx.send(i);
    tx.close();
    (void)co_await std::move(consumer);
  };
  const auto result = checked_run(multi_thread(2), body());
  const Trace& trace = result.report.trace;
  const StateTimeline reference(trace, {.checkpoint_every = 1'000'000});
  for (std::size_t every : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{4096}}) {
    INFO("checkpoint every " << every);
    const StateTimeline timeline(trace, {.checkpoint_every = every});
    std::size_t first_mismatch = kNoEvent;
    for (std::size_t p = 0; p <= trace.events.size() && first_mismatch == kNoEvent; ++p)
      if (!(timeline.state_at(p) == reference.replay_from_start(p))) first_mismatch = p;
    CHECK(first_mismatch == kNoEvent);
  }
  require_consistent_everywhere(reference);
}

TEST_CASE("the playhead steps, jumps to polls and times, and moves back to the same states", "[playhead]") {
  const Trace trace = fixtures::small_valid_trace();
  const StateTimeline timeline(trace, {.checkpoint_every = 8});
  Playhead playhead(timeline);
  CHECK(playhead.at_start());
  CHECK_FALSE(playhead.last_event().has_value());
  CHECK_FALSE(playhead.step_back());

  REQUIRE(playhead.to_next_poll_start());
  CHECK(trace.events[*playhead.last_event()].kind == EventKind::PollStart);
  CHECK(playhead.state().workers[0].activity == WorkerActivity::Polling);
  CHECK(playhead.state().workers[0].task == 1);

  REQUIRE(playhead.to_next_event_of(3));  // fetch b, spawned by main
  CHECK(trace.events[*playhead.last_event()].kind == EventKind::TaskSpawned);
  REQUIRE(playhead.to_next_event_of(3));
  CHECK(playhead.state().workers[0].local.back() == 3);  // scheduled on worker 0's local queue

  playhead.to_time(18);  // the steal (17) and the polls at 18 have happened
  CHECK(playhead.state().task(3).status == TaskStatus::Running);
  CHECK(playhead.state().task(3).thread == 1);
  CHECK(playhead.state().blocking_threads[0].task == 4);

  const std::size_t here = playhead.position();
  REQUIRE(playhead.to_previous_poll_start());
  CHECK(playhead.position() < here);
  CHECK(playhead.state() == timeline.replay_from_start(playhead.position()));
  while (playhead.step_forward()) {
  }
  CHECK(playhead.at_end());
  CHECK(playhead.state().ended);
  while (playhead.step_back()) CHECK(playhead.state() == timeline.replay_from_start(playhead.position()));
  CHECK(playhead.at_start());
}

TEST_CASE("a hand-built trace with every event kind, and one with ids that point nowhere, replay without harm",
          "[playhead]") {
  Trace trace = fixtures::small_valid_trace();
  {
    const StateTimeline timeline(trace, {.checkpoint_every = 5});
    for (std::size_t p = 0; p <= trace.events.size(); ++p) REQUIRE(timeline.state_at(p) == timeline.replay_from_start(p));
    const RuntimeState end = timeline.state_at(trace.events.size());
    CHECK(end.task(5).status == TaskStatus::Failed);
    CHECK(end.task(6).status == TaskStatus::Cancelled);
    CHECK(end.printed().size() == 1);
    CHECK(end.printed()[0].task == 3);
  }
  // Garbage: unknown threads, tasks, channels, timers, queues and workers.
  fixtures::TraceBuilder b;
  const ThreadIndex w0 = b.thread(ThreadKind::Worker, 0, "worker 0");
  b.add(0, w0, EventKind::TaskScheduled, 77, 9, 12345);
  b.add(1, 99, EventKind::PollStart, 4'000'000'000u);
  b.add(2, w0, EventKind::TaskStolen, 0, 55, 3);
  b.add(3, w0, EventKind::ChannelSend, 1, 999, 1, 5);
  b.add(4, w0, EventKind::TimerFired, 0, 12);
  b.add(5, w0, EventKind::BlockingEnd, 3, 2);
  b.add(6, w0, EventKind::PollEnd, 1, 7);
  b.spawn(7, w0, 1, 0, "only");
  b.add(8, w0, EventKind::TaskScheduled, 1, static_cast<std::uint64_t>(QueueKind::Lifo), 40);
  b.add(9, w0, EventKind::ChannelCreated, 1, 1, 99999, ~0ull);
  b.add(10, w0, EventKind::ChannelRecv, 1, 1, 3, 2);
  const StateTimeline garbage(b.trace, {.checkpoint_every = 2});
  for (std::size_t p = 0; p <= b.trace.events.size(); ++p) CHECK(garbage.state_at(p) == garbage.replay_from_start(p));
}

TEST_CASE("find_inconsistency names a task listed in a queue its state does not mention", "[playhead]") {
  const Trace trace = fixtures::small_valid_trace();
  const StateTimeline timeline(trace);
  RuntimeState state = timeline.state_at(9);  // main spawned fetch a and fetch b onto worker 0's queue
  REQUIRE(find_inconsistency(state).empty());
  state.inject.push_back(2);
  CHECK(find_inconsistency(state).find("task 2") != std::string::npos);
}
