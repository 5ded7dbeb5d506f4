// Hand-built traces for the core tests: a small builder that keeps the tables (threads, strings,
// locations) consistent, one small valid trace that uses every event kind, a synthetic trace of
// any size for timing, and a helper to find the n-th event of a kind so a test can break it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "wakeline/trace.hpp"

namespace wakeline::fixtures {

inline constexpr std::uint64_t kNoWorker = ~0ull;

struct TraceBuilder {
  Trace trace;

  explicit TraceBuilder(std::string scenario = "fixture") {
    trace.run.scenario = std::move(scenario);
    trace.locations.push_back(SourceLocation{});  // [0] is "unknown"
  }

  ThreadIndex thread(ThreadKind kind, std::uint32_t index, std::string name) {
    trace.threads.push_back(ThreadInfo{kind, index, std::move(name)});
    return static_cast<ThreadIndex>(trace.threads.size() - 1);
  }
  StringId string(std::string text) {
    trace.strings.push_back(std::move(text));
    return static_cast<StringId>(trace.strings.size() - 1);
  }
  LocationId location(std::string file, std::uint32_t line, std::string function) {
    trace.locations.push_back(SourceLocation{std::move(file), line, std::move(function)});
    return static_cast<LocationId>(trace.locations.size() - 1);
  }
  Event& add(std::uint64_t time_ns, ThreadIndex thread, EventKind kind, TaskId task = 0, std::uint64_t a = 0,
             std::uint64_t b = 0, std::uint64_t c = 0, LocationId location = 0) {
    trace.events.push_back(make_event(time_ns, kind, thread, task, a, b, c, location));
    return trace.events.back();
  }
  void spawn(std::uint64_t t, ThreadIndex thread, TaskId task, TaskId parent, const std::string& name, bool blocking_job = false,
             LocationId location = 0) {
    add(t, thread, EventKind::TaskSpawned, task, parent, string(name), blocking_job ? 1 : 0, location);
  }
};

inline std::uint64_t channel_c(ChannelKind kind, std::uint32_t capacity) {
  return (static_cast<std::uint64_t>(kind) << 32) | capacity;
}

// Two workers, a blocking-pool thread and the timer driver. "main" spawns "fetch a" (sleeps on a
// timer, then receives from channel "jobs"), "fetch b" (stolen by worker 1, sends on "jobs",
// blocks its thread, prints), a blocking job "hash file", "doomed" (fails) and "never runs"
// (cancelled); main is woken by the join of "fetch a". Every event kind appears.
// Thread layout: 0 worker 0, 1 worker 1, 2 blocking 0, 3 timer driver. total_ns = 110.
inline Trace small_valid_trace() {
  using K = EventKind;
  TraceBuilder b("fixture: fetch two pages");
  const ThreadIndex w0 = b.thread(ThreadKind::Worker, 0, "worker 0");
  const ThreadIndex w1 = b.thread(ThreadKind::Worker, 1, "worker 1");
  const ThreadIndex bp = b.thread(ThreadKind::Blocking, 0, "blocking 0");
  const ThreadIndex td = b.thread(ThreadKind::TimerDriver, 0, "timer driver");
  const LocationId main_site = b.location("scenarios/fetch.cpp", 12, "run");
  const LocationId fetch_site = b.location("scenarios/fetch.cpp", 20, "fetch");
  const auto u = [](auto value) { return static_cast<std::uint64_t>(value); };
  b.trace.run.params = {{"pages", "2"}, {"delay ms", "0.1"}};
  b.trace.run.flavor = Flavor::MultiThread;
  b.trace.run.workers = 2;
  b.trace.run.seed = 42;
  b.trace.run.poll_cost_ns = 1;
  b.trace.run.total_ns = 110;
  b.trace.run.source_text = "co_await sleep(100ns);\n\t// \"quoted\" \\ backslash";

  b.add(0, w0, K::RunStart, 0, u(ClockKind::Virtual), 42);
  b.spawn(0, w0, 1, 0, "main", false, main_site);
  b.add(0, w0, K::TaskScheduled, 1, u(QueueKind::Inject), kNoWorker);
  b.add(0, w1, K::WorkerPark);
  b.add(10, w0, K::PollStart, 1);
  b.add(10, w0, K::ChannelCreated, 1, 1, b.string("jobs"), channel_c(ChannelKind::Mpsc, 4));
  b.spawn(11, w0, 2, 1, "fetch a", false, fetch_site);
  b.add(11, w0, K::TaskScheduled, 2, u(QueueKind::Local), 0);
  b.spawn(12, w0, 3, 1, "fetch b", false, fetch_site);
  b.add(12, w0, K::TaskScheduled, 3, u(QueueKind::Local), 0);
  b.add(12, w1, K::WorkerUnpark, 0, 3);
  b.spawn(13, w0, 4, 1, "hash file", true);
  b.add(13, w0, K::TaskScheduled, 4, u(QueueKind::Blocking), kNoWorker);
  b.spawn(14, w0, 5, 1, "doomed");
  b.add(14, w0, K::TaskScheduled, 5, u(QueueKind::Local), 0);
  b.spawn(15, w0, 6, 1, "never runs");
  b.add(15, w0, K::TaskScheduled, 6, u(QueueKind::Local), 0);
  b.add(16, w0, K::PollEnd, 1, u(PollResult::Pending));
  b.add(17, w1, K::TaskStolen, 3, 0, 1);
  b.add(18, w0, K::PollStart, 2);
  b.add(18, w1, K::PollStart, 3);
  b.add(18, bp, K::BlockingStart, 4, u(BlockingKind::SpawnBlocking), 50);
  b.add(20, w0, K::TimerSet, 2, 1, 100);
  b.add(21, w0, K::PollEnd, 2, u(PollResult::Pending));
  b.add(22, w1, K::ChannelSend, 3, 1, 0, 1);
  b.add(23, w0, K::PollStart, 5);
  b.add(24, w1, K::BlockingStart, 3, u(BlockingKind::BlockThread), 10);
  b.add(25, w0, K::ChannelWait, 5, 1, u(WaitSide::Send), 1);
  b.add(30, w0, K::TaskFailed, 5, 0, b.string("boom: \"disk\" full"));
  b.add(30, w0, K::PollEnd, 5, u(PollResult::Ready));
  b.add(31, w0, K::TaskCancelled, 6);
  b.add(33, td, K::TimerCancelled, 0, 7);
  b.add(34, w1, K::BlockingEnd, 3, u(BlockingKind::BlockThread));
  b.add(35, w1, K::Print, 3, b.string("hello, \"world\"\nsecond line"));
  b.add(36, w1, K::PollEnd, 3, u(PollResult::Ready));
  b.add(36, w1, K::TaskCompleted, 3);
  b.add(37, w1, K::WorkerPark);
  b.add(68, bp, K::BlockingEnd, 4, u(BlockingKind::SpawnBlocking));
  b.add(68, bp, K::TaskCompleted, 4);
  b.add(100, td, K::TimerFired, 0, 1);
  b.add(100, td, K::TaskWoken, 2, u(WakeCause::Timer), 1, 0);
  b.add(100, td, K::TaskScheduled, 2, u(QueueKind::Inject), kNoWorker);
  b.add(101, w0, K::PollStart, 2);
  b.add(102, w0, K::ChannelRecv, 2, 1, 0, 0);
  b.add(102, w0, K::ChannelClose, 2, 1, 0, 0);
  b.add(103, w0, K::PollEnd, 2, u(PollResult::Ready));
  b.add(103, w0, K::TaskCompleted, 2);
  b.add(103, w0, K::TaskWoken, 1, u(WakeCause::JoinChild), 2, 2);
  b.add(103, w0, K::TaskScheduled, 1, u(QueueKind::Lifo), 0);
  b.add(104, w0, K::PollStart, 1);
  b.add(104, w0, K::FutureDropped, 1, 1, u(CombinatorKind::Select));
  b.add(105, w0, K::PollEnd, 1, u(PollResult::Ready));
  b.add(105, w0, K::TaskCompleted, 1);
  b.add(110, w0, K::RunEnd, 0, 0);
  return b.trace;
}

// The index of the n-th (0-based) event of `kind` for `task`; throws if there is none, so a
// test that edits the wrong event fails loudly instead of passing by accident.
inline std::size_t find_event(const Trace& trace, EventKind kind, TaskId task, int nth = 0) {
  for (std::size_t i = 0; i < trace.events.size(); ++i)
    if (trace.events[i].kind == kind && trace.events[i].task == task && nth-- == 0) return i;
  throw std::logic_error("fixture has no such event: " + std::string(to_string(kind)));
}

inline void erase_event(Trace& trace, std::size_t index) {
  trace.events.erase(trace.events.begin() + static_cast<std::ptrdiff_t>(index));
}

inline void insert_event(Trace& trace, std::size_t before, Event event) {
  trace.events.insert(trace.events.begin() + static_cast<std::ptrdiff_t>(before), event);
}

// A valid trace of about `event_count` events for timing: `tasks` tasks on four workers, each
// cycle woken by a timer, polled, sending and receiving on a channel and setting the next timer.
inline Trace synthetic_trace(std::size_t event_count, std::uint32_t tasks = 1000) {
  using K = EventKind;
  TraceBuilder b("synthetic");
  constexpr std::uint32_t kWorkers = 4;
  for (std::uint32_t w = 0; w < kWorkers; ++w) b.thread(ThreadKind::Worker, w, "worker " + std::to_string(w));
  const ThreadIndex td = b.thread(ThreadKind::TimerDriver, 0, "timer driver");
  b.trace.run.flavor = Flavor::MultiThread;
  b.trace.run.workers = kWorkers;
  b.trace.events.reserve(event_count + 4 * tasks + 16);
  const auto u = [](auto value) { return static_cast<std::uint64_t>(value); };
  std::uint64_t t = 0;
  b.add(t, 0, K::RunStart);
  b.add(t, 0, K::ChannelCreated, 0, 1, b.string("jobs"), channel_c(ChannelKind::Mpsc, 0));
  for (TaskId task = 1; task <= tasks; ++task) {
    b.spawn(t, 0, task, 0, "worker task " + std::to_string(task));
    b.add(t, 0, K::TaskScheduled, task, u(QueueKind::Inject), kNoWorker);
  }
  constexpr std::size_t kEventsPerCycle = 7;
  const std::size_t cycles = event_count / kEventsPerCycle;
  std::uint64_t seq = 0;
  std::uint64_t timers = 0;
  std::vector<std::uint64_t> timer_of(tasks + 1, 0);  // each task's pending timer
  for (std::size_t cycle = 0; cycle < cycles; ++cycle) {
    const TaskId task = static_cast<TaskId>(cycle % tasks) + 1;
    const auto worker = static_cast<ThreadIndex>(cycle % kWorkers);
    const bool first_round = cycle < tasks;
    const bool last_round = cycle + tasks >= cycles;
    t += 10;
    if (!first_round) {
      b.add(t, td, K::TimerFired, 0, timer_of[task]);
      b.add(t, td, K::TaskWoken, task, u(WakeCause::Timer), timer_of[task], 0);
    }
    b.add(t + 1, worker, K::PollStart, task);
    b.add(t + 2, worker, K::ChannelSend, task, 1, seq, 1);
    b.add(t + 3, worker, K::ChannelRecv, task, 1, seq, 0);
    ++seq;
    if (last_round) {
      b.add(t + 4, worker, K::PollEnd, task, u(PollResult::Ready));
      b.add(t + 4, worker, K::TaskCompleted, task);
    } else {
      timer_of[task] = ++timers;
      b.add(t + 4, worker, K::TimerSet, task, timer_of[task], t + 15 * tasks);
      b.add(t + 5, worker, K::PollEnd, task, u(PollResult::Pending));
    }
    t += 5;
  }
  for (TaskId task = 1; task <= tasks && cycles < tasks; ++task)  // too few cycles for every task to finish
    if (task > cycles) b.add(t, 0, K::TaskCancelled, task);
  b.add(t + 1, 0, K::RunEnd);
  b.trace.run.total_ns = t + 1;
  return b.trace;
}

// Whether a message says what a test expects it to.
inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace wakeline::fixtures
