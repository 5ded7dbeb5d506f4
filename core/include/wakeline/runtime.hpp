// Running a lesson: RuntimeOptions picks the flavor (current_thread / multi_thread), the clock
// (real OS threads, or a deterministic virtual-time simulation of the same schedulers) and the
// Tokio-derived scheduler constants; run() drives a main Task to its end and returns the trace.
//
// Contract. A task is polled by one worker at a time. multi_thread: a wake from a worker goes to
// that worker's LIFO slot (the previous occupant to the back of its local queue); a wake from any
// other thread goes to the inject queue. current_thread: one FIFO queue, no LIFO slot.
// When main returns, every task still alive is cancelled (its frame destroyed) and recorded so.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "wakeline/join_handle.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/task.hpp"
#include "wakeline/trace.hpp"

namespace wakeline {

class LiveRun;
using Nanos = std::chrono::nanoseconds;

struct RuntimeOptions {
  Flavor flavor = Flavor::CurrentThread;
  std::uint32_t workers = 1;  // must be 1 for current_thread
  ClockKind clock = ClockKind::Virtual;
  std::uint64_t seed = 1;
  bool record = true;

  Nanos poll_cost{std::chrono::microseconds(5)};    // virtual clock: what one poll costs
  Nanos spawn_cost{std::chrono::nanoseconds(200)};   // virtual clock: what one spawn costs its caller (Tokio: ~200 ns)
  std::uint32_t local_queue_capacity = 256;          // Tokio's fixed ring
  std::uint32_t global_queue_interval = 0;           // 0: Tokio's default for the flavor (61 / 31)
  std::uint32_t lifo_max_polls = 3;
  std::uint32_t coop_budget = 128;
  std::uint32_t max_blocking_threads = 512;
  Nanos blocking_keep_alive{std::chrono::seconds(10)};
  Nanos deadlock_quiet_period{std::chrono::milliseconds(500)};  // real clock only
  Nanos max_virtual_time{std::chrono::hours(24)};               // virtual clock: stop a runaway lesson
  // Timer resolution: a timer fires at the first tick (a multiple of timer_tick since the run's
  // start) after its deadline. 0: exact; 1 ms: Tokio's timer wheel, where a 10 ms sleep takes
  // about 11 ms.
  Nanos timer_tick{0};
  // Virtual clock: CPU cores the threads share. 0: unlimited, every thread has a core of its own.
  // N: while more than N threads are inside cpu_work, they share the N cores (processor sharing),
  // so each one's work takes longer, as on a real machine.
  std::uint32_t cores = 0;
  std::uint64_t max_events = 50'000'000;                        // stop a runaway lesson

  LiveRun* live = nullptr;  // optional: watch the run while it goes, or stop it (live_run.hpp)
  RunInfo info;  // scenario, params, source text: copied into the trace's metadata
};

// Empty if the options are usable, else a sentence saying which field is wrong and what is allowed.
std::string check_options(const RuntimeOptions& options);

struct RunReport {
  Trace trace;
  bool deadlocked = false;
  std::string fault;  // non-empty if the run was stopped (event or time limit) or main failed
  std::uint64_t total_ns = 0;
  std::uint64_t events_recorded = 0;
};

template <typename T>
struct RunResult {
  RunReport report;
  std::optional<JoinResult<T>> main;  // empty on deadlock or a stopped run
};

namespace detail {
// Type-erased main: the runtime spawns it as task "main" and calls `finish` with its cell.
RunReport run_erased(const RuntimeOptions& options, TaskHeader* main, const std::function<void(TaskHeader*)>& on_done);
}  // namespace detail

// Runs `main` to completion. Throws std::invalid_argument if check_options() is not empty.
template <typename T>
RunResult<T> run(const RuntimeOptions& options, Task<T> main) {
  RunResult<T> result;
  auto* cell = detail::make_task_cell<T>(std::move(main), "main");
  result.report = detail::run_erased(options, cell, [&](detail::TaskHeader* h) {
    auto* c = static_cast<detail::TaskCell<T>*>(h);
    std::lock_guard guard(c->result_lock);
    if (c->has_result) result.main.emplace(c->take_result());
  });
  return result;
}

}  // namespace wakeline
