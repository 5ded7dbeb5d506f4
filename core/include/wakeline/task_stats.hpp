// Per-task and per-thread statistics derived from a trace in one pass: where each task's time
// went (running, ready-but-not-running, blocked, waiting) and how busy each thread was.
// Feeds the inspector, the CSV export and the lesson tests; expects a trace that passes validate().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/trace.hpp"

namespace wakeline {

// WakeCause::Blocking is the last cause; keep this in step if trace.hpp ever adds one.
inline constexpr std::size_t kWakeCauseCount = static_cast<std::size_t>(WakeCause::Blocking) + 1;

enum class TaskOutcome : std::uint8_t { Running, Completed, Cancelled, Failed };
std::string_view to_string(TaskOutcome outcome);

struct TaskStats {
  TaskId id = 0;
  std::string name;
  TaskId parent = 0;
  LocationId spawn_location = 0;
  bool blocking_job = false;  // spawned onto the blocking pool: never polled, runs as one blocking section
  std::uint64_t spawn_ns = 0;
  std::optional<std::uint64_t> end_ns;  // empty while Running (the run ended before the task did)
  TaskOutcome outcome = TaskOutcome::Running;
  std::string failure;  // TaskFailed's message

  std::uint64_t polls = 0;
  // busy + scheduled + waiting (+ blocked, for a blocking-pool job) cover the task's life from
  // spawn to its end, or to the end of the run if it never ended.
  std::uint64_t busy_ns = 0;       // inside polls, including any block_thread inside them
  std::uint64_t scheduled_ns = 0;  // ready but not running: from spawn/wake to the next poll
  std::uint64_t waiting_ns = 0;    // pending and not ready: from a Pending poll to the wake
  std::uint64_t blocked_ns = 0;    // inside BlockingStart..End: part of busy_ns for block_thread

  // What its most recent wait ended on, from the last wake: timer, channel, join, ...
  std::optional<WakeCause> waited_on;
  std::uint64_t waited_on_id = 0;  // the timer, channel or task id of that wake (TaskWoken.b())

  std::uint64_t wakes = 0;
  std::array<std::uint64_t, kWakeCauseCount> wakes_by_cause{};  // indexed by WakeCause
  std::vector<TaskId> wakers;         // distinct tasks that woke it, ascending (the runtime, 0, is left out)
  std::vector<ThreadIndex> workers;   // distinct threads it ran on (polls, or the blocking thread of a job)
  std::uint64_t steals = 0;           // TaskStolen events naming it
};

struct ThreadStats {
  ThreadIndex thread = 0;
  std::string name;
  ThreadKind kind = ThreadKind::Worker;
  std::uint64_t polls = 0;
  // These partition the run's span (total_ns, or the last event's time if later):
  std::uint64_t busy_ns = 0;     // inside polls, minus blocked time inside them
  std::uint64_t blocked_ns = 0;  // inside BlockingStart..End, also when that happens inside a poll
  std::uint64_t parked_ns = 0;   // between WorkerPark and WorkerUnpark
  std::uint64_t idle_ns = 0;     // everything else
  double busy_pct = 0, blocked_pct = 0, parked_pct = 0, idle_pct = 0;  // of the run's span
};

// One entry per TaskSpawned, in spawn order.
std::vector<TaskStats> compute_task_stats(const Trace& trace);
// A whole trace's statistics computed once and shared by whoever shows them (the app's timeline
// and inspector): a 10M-event trace has ~1M of them, most of a second to compute.
using SharedTaskStats = std::shared_ptr<const std::vector<TaskStats>>;
// The same for the run cut after its first `event_count` events, as if it ended at the last of
// them: what was known at that point (the app's Reveal shows nothing past the playhead).
std::vector<TaskStats> compute_task_stats(const Trace& trace, std::size_t event_count);
// One entry per Trace::threads entry, in the same order.
std::vector<ThreadStats> compute_thread_stats(const Trace& trace);

}  // namespace wakeline
