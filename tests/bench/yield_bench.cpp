// yield_now on multi_thread(2): tasks that do nothing but yield, N yields in all. With one task
// the second worker only steals; with two, both workers yield in parallel, so wall time per
// yield can fall below one worker's cost. The Tokio twin: scripts/bench.sh.
#include "shapes.hpp"

using namespace wakeline;

namespace {

// range(0): yielding tasks; range(1): yields in all.
void BM_Yield(benchmark::State& state, RuntimeOptions options) {
  bench::PerOp totals;
  for (auto _ : state) {
    auto m = bench::measure(options, bench::yield_many(state.range(0), state.range(1)));
    if (!m.error.empty()) {
      state.SkipWithError(m.error.c_str());
      break;
    }
    state.SetIterationTime(static_cast<double>(m.in_run_ns) * 1e-9);
    totals.add(m, state.range(1) / state.range(0) * state.range(0));
  }
  totals.report(state, "yield");
}

}  // namespace

BENCHMARK_CAPTURE(BM_Yield, multi_thread_2/record_off, bench::multi_thread(2, false))
    ->ArgNames({"tasks", "yields"})->Args({1, 1'000'000})->Args({2, 1'000'000})
    ->Apply([](auto* b) { bench::heavy(b, 3); });
BENCHMARK_CAPTURE(BM_Yield, multi_thread_2/record_on, bench::multi_thread(2, true))
    ->ArgNames({"tasks", "yields"})->Args({1, 1'000'000})->Args({2, 1'000'000})
    ->Apply([](auto* b) { bench::heavy(b, 1); });
