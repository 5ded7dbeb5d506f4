// What recording costs: the same workload run with record = false and record = true, the
// difference divided by the events the recorded run produced (report.events_recorded).
//   ns_per_event      difference in the main task's own time: the recording path inside the run
//   run_ns_per_event  difference in the whole run(): adds merging the lanes into the Trace
// print_line is the recording path alone (one Print event per call, nothing scheduled).
// Target: recording < 10 ns per event.
#include <algorithm>
#include <functional>
#include <vector>

#include "bench_support.hpp"
#include "wakeline/io.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;

namespace {

Task<std::uint64_t> print_lines(std::int64_t n) {
  auto start = bench::Clock::now();
  for (std::int64_t i = 0; i < n; ++i) print_line("tick");
  co_return bench::ns_since(start);
}

Task<std::uint64_t> yield_in_place(std::int64_t n) {
  auto start = bench::Clock::now();
  for (std::int64_t i = 0; i < n; ++i) co_await yield_now();
  co_return bench::ns_since(start);
}

Task<std::uint64_t> spawn_and_await(std::int64_t n) {
  constexpr std::int64_t kBatch = 1024;
  std::vector<JoinHandle<void>> handles;
  handles.reserve(kBatch);
  auto start = bench::Clock::now();
  for (std::int64_t done = 0; done < n; done += kBatch) {
    std::int64_t batch = std::min(kBatch, n - done);
    for (std::int64_t i = 0; i < batch; ++i) handles.push_back(spawn([]() -> Task<> { co_return; }()));
    for (auto& handle : handles) (void)co_await std::move(handle);
    handles.clear();
  }
  co_return bench::ns_since(start);
}

using Workload = std::function<Task<std::uint64_t>(std::int64_t)>;

void BM_RecordingCost(benchmark::State& state, Workload workload, RuntimeOptions options) {
  double in_run_diff = 0, whole_diff = 0, events = 0, recorded_ns = 0;
  for (auto _ : state) {
    options.record = false;
    auto off = bench::measure(options, workload(state.range(0)));
    options.record = true;
    auto on = bench::measure(options, workload(state.range(0)));
    if (!off.error.empty() || !on.error.empty()) {
      state.SkipWithError((off.error + on.error).c_str());
      break;
    }
    state.SetIterationTime(static_cast<double>(on.in_run_ns) * 1e-9);
    in_run_diff += static_cast<double>(on.in_run_ns) - static_cast<double>(off.in_run_ns);
    whole_diff += static_cast<double>(on.whole_run_ns) - static_cast<double>(off.whole_run_ns);
    recorded_ns += static_cast<double>(on.in_run_ns);
    events += static_cast<double>(on.events);
  }
  if (events == 0) return;
  state.counters["ns_per_event"] = in_run_diff / events;
  state.counters["run_ns_per_event"] = whole_diff / events;
  state.counters["events"] = events / static_cast<double>(state.iterations());
  state.counters["recorded_ns_per_op"] = recorded_ns / static_cast<double>(state.range(0)) /
                                         static_cast<double>(state.iterations());
}

}  // namespace

BENCHMARK_CAPTURE(BM_RecordingCost, print_line/current_thread, print_lines, bench::current_thread(true))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 3); });
BENCHMARK_CAPTURE(BM_RecordingCost, yield_now/current_thread, yield_in_place, bench::current_thread(true))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 2); });
BENCHMARK_CAPTURE(BM_RecordingCost, spawn_await/current_thread, spawn_and_await, bench::current_thread(true))
    ->Arg(200'000)->Apply([](auto* b) { bench::heavy(b, 3); });
BENCHMARK_CAPTURE(BM_RecordingCost, spawn_await/multi_thread_2, spawn_and_await, bench::multi_thread(2, true))
    ->Arg(200'000)->Apply([](auto* b) { bench::heavy(b, 3); });
