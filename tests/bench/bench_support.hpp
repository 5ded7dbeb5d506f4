// What every benchmark binary shares: runtime options by name, one measured run() and the
// per-operation counters. A main task times itself (first poll to return) and returns the
// nanoseconds, so runtime start-up, shutdown and the trace merge stay out of the per-operation
// figure; the whole run() is timed too and reported beside it.
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "wakeline/runtime.hpp"
#include "wakeline/task.hpp"

namespace wakeline::bench {

using Clock = std::chrono::steady_clock;

inline std::uint64_t ns_since(Clock::time_point start) {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
}

inline RuntimeOptions current_thread(bool record, ClockKind clock = ClockKind::Real) {
  RuntimeOptions o;
  o.flavor = Flavor::CurrentThread;
  o.workers = 1;
  o.clock = clock;
  o.record = record;
  return o;
}

inline RuntimeOptions multi_thread(std::uint32_t workers, bool record, ClockKind clock = ClockKind::Real) {
  RuntimeOptions o;
  o.flavor = Flavor::MultiThread;
  o.workers = workers;
  o.clock = clock;
  o.record = record;
  return o;
}

struct Measured {
  std::string error;              // non-empty: the run failed, the figures mean nothing
  std::uint64_t in_run_ns = 0;    // what the main task measured itself
  std::uint64_t whole_run_ns = 0; // run() from call to return, trace merge included
  std::uint64_t events = 0;       // report.events_recorded (0 with record = false)
};

// Runs `main` (a task returning its own elapsed nanoseconds) and times the whole run() around it.
inline Measured measure(const RuntimeOptions& options, Task<std::uint64_t> main) {
  Measured m;
  auto start = Clock::now();
  auto result = run(options, std::move(main));
  m.whole_run_ns = ns_since(start);
  m.events = result.report.events_recorded;
  if (!result.report.fault.empty()) m.error = result.report.fault;
  else if (result.report.deadlocked) m.error = "the run deadlocked";
  else if (!result.main || !result.main->ok()) m.error = "main did not complete";
  else m.in_run_ns = result.main->value();
  return m;
}

// Totals over a benchmark's iterations, reported as per-operation counters:
//   ns_per_<op>      main task's own time / operations  (the figure compared with Tokio)
//   run_ns_per_<op>  whole run() / operations           (adds start-up, shutdown, trace merge)
//   events_per_<op>  recorded events / operations        (only when recording)
struct PerOp {
  double in_run_ns = 0;
  double whole_run_ns = 0;
  double events = 0;
  double ops = 0;

  void add(const Measured& m, std::int64_t operations) {
    in_run_ns += static_cast<double>(m.in_run_ns);
    whole_run_ns += static_cast<double>(m.whole_run_ns);
    events += static_cast<double>(m.events);
    ops += static_cast<double>(operations);
  }
  void report(benchmark::State& state, const std::string& op) const {
    if (ops == 0) return;
    state.counters["ns_per_" + op] = in_run_ns / ops;
    state.counters["run_ns_per_" + op] = whole_run_ns / ops;
    if (events > 0) state.counters["events_per_" + op] = events / ops;
    state.SetItemsProcessed(static_cast<std::int64_t>(ops));
  }
};

// Heavy benchmarks: a fixed, small number of runs per repetition, five repetitions (multi_thread
// figures can move by a third from run to run on 2 cores, so a median of three is too jumpy), and
// only the aggregates (mean, median, stddev, cv) printed; --benchmark_out files keep every
// repetition too. Time is what the main tasks measured.
inline benchmark::internal::Benchmark* heavy(benchmark::internal::Benchmark* b, benchmark::IterationCount runs) {
  return b->Unit(benchmark::kMillisecond)->Iterations(runs)->Repetitions(5)->DisplayAggregatesOnly(true)->UseManualTime();
}

}  // namespace wakeline::bench
