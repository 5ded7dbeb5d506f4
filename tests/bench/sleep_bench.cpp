// 100 000 concurrent 1 ms sleeps on the real clock: spawn them all, await them all; the figure
// is the total wall time. Tokio 1.24 on this machine: 114-132 ms in total on multi_thread(2).
#include <chrono>
#include <vector>

#include "bench_support.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace std::chrono_literals;

namespace {

Task<> sleeper() { co_await sleep(1ms); }

Task<std::uint64_t> many_sleeps(std::int64_t n) {
  std::vector<JoinHandle<void>> handles;
  handles.reserve(static_cast<std::size_t>(n));
  auto start = bench::Clock::now();
  for (std::int64_t i = 0; i < n; ++i) handles.push_back(spawn(sleeper(), "sleeper"));
  for (auto& handle : handles) (void)co_await std::move(handle);
  co_return bench::ns_since(start);
}

void BM_ConcurrentSleeps(benchmark::State& state, RuntimeOptions options) {
  bench::PerOp totals;
  for (auto _ : state) {
    auto m = bench::measure(options, many_sleeps(state.range(0)));
    if (!m.error.empty()) {
      state.SkipWithError(m.error.c_str());
      break;
    }
    state.SetIterationTime(static_cast<double>(m.in_run_ns) * 1e-9);
    totals.add(m, state.range(0));
  }
  totals.report(state, "sleep");
}

}  // namespace

BENCHMARK_CAPTURE(BM_ConcurrentSleeps, multi_thread_2/record_off, bench::multi_thread(2, false))
    ->Arg(100'000)->Apply([](auto* b) { bench::heavy(b, 3); });
BENCHMARK_CAPTURE(BM_ConcurrentSleeps, multi_thread_2/record_on, bench::multi_thread(2, true))
    ->Arg(100'000)->Apply([](auto* b) { bench::heavy(b, 3); });
BENCHMARK_CAPTURE(BM_ConcurrentSleeps, current_thread/record_off, bench::current_thread(false))
    ->Arg(100'000)->Apply([](auto* b) { bench::heavy(b, 3); });
BENCHMARK_CAPTURE(BM_ConcurrentSleeps, current_thread/record_on, bench::current_thread(true))
    ->Arg(100'000)->Apply([](auto* b) { bench::heavy(b, 3); });
