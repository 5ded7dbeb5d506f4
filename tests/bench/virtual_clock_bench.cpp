// Virtual-clock throughput: a work-stealing workload simulated on multi_thread(4), 200 000 tasks
// each doing cpu_work(50 us), all spawned by main, then all awaited. The figure is recorded
// events per wall-clock second of the whole run() (simulation plus trace merge); the
// simulation alone (main's first poll to its return) is reported beside it.
// Target: >= 5 M events per second.
#include <chrono>
#include <vector>

#include "bench_support.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/pitfalls.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace std::chrono_literals;

namespace {

Task<> small_job() {
  cpu_work(50us);
  co_return;
}

Task<std::uint64_t> work_stealing(std::int64_t n) {
  std::vector<JoinHandle<void>> handles;
  handles.reserve(static_cast<std::size_t>(n));
  auto start = bench::Clock::now();
  for (std::int64_t i = 0; i < n; ++i) handles.push_back(spawn(small_job(), "small"));
  for (auto& handle : handles) (void)co_await std::move(handle);
  co_return bench::ns_since(start);
}

void BM_VirtualWorkStealing(benchmark::State& state, RuntimeOptions options) {
  double whole_ns = 0, sim_ns = 0, events = 0;
  for (auto _ : state) {
    auto m = bench::measure(options, work_stealing(state.range(0)));
    if (!m.error.empty()) {
      state.SkipWithError(m.error.c_str());
      break;
    }
    // Wall time of the whole run(): a simulation is only useful once its trace exists.
    state.SetIterationTime(static_cast<double>(m.whole_run_ns) * 1e-9);
    whole_ns += static_cast<double>(m.whole_run_ns);
    sim_ns += static_cast<double>(m.in_run_ns);
    events += static_cast<double>(m.events);
  }
  auto tasks = static_cast<double>(state.range(0) * state.iterations());
  state.counters["tasks_per_s"] = tasks / (whole_ns * 1e-9);
  if (events == 0) return;
  state.counters["events"] = events / static_cast<double>(state.iterations());
  state.counters["events_per_s"] = events / (whole_ns * 1e-9);
  state.counters["sim_events_per_s"] = events / (sim_ns * 1e-9);
}

}  // namespace

BENCHMARK_CAPTURE(BM_VirtualWorkStealing, multi_thread_4/record_on, bench::multi_thread(4, true, ClockKind::Virtual))
    ->Arg(200'000)->Apply([](auto* b) { bench::heavy(b, 1); });
BENCHMARK_CAPTURE(BM_VirtualWorkStealing, multi_thread_4/record_off, bench::multi_thread(4, false, ClockKind::Virtual))
    ->Arg(200'000)->Apply([](auto* b) { bench::heavy(b, 1); });
