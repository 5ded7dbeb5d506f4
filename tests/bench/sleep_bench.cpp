// 100 000 concurrent 1 ms sleeps on the real clock: spawn them all, await them all; the figure
// is the total wall time. The Tokio twin: scripts/bench.sh.
#include "shapes.hpp"

using namespace wakeline;

namespace {

void BM_ConcurrentSleeps(benchmark::State& state, RuntimeOptions options) {
  bench::PerOp totals;
  for (auto _ : state) {
    auto m = bench::measure(options, bench::many_sleeps(state.range(0)));
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
