// yield_now on multi_thread(2): tasks that do nothing but yield, N yields in all. With one task
// the second worker only steals; with two, both workers yield in parallel, so wall time per
// yield can fall below one worker's cost. Tokio 1.24 on this machine: 203-217 ns per yield.
#include <vector>

#include "bench_support.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;

namespace {

Task<> yielder(std::int64_t yields) {
  for (std::int64_t i = 0; i < yields; ++i) co_await yield_now();
}

Task<std::uint64_t> yield_many(std::int64_t tasks, std::int64_t total_yields) {
  std::vector<JoinHandle<void>> handles;
  auto start = bench::Clock::now();
  for (std::int64_t t = 0; t < tasks; ++t) handles.push_back(spawn(yielder(total_yields / tasks), "yielder"));
  for (auto& handle : handles) (void)co_await std::move(handle);
  co_return bench::ns_since(start);
}

// range(0): yielding tasks; range(1): yields in all.
void BM_Yield(benchmark::State& state, RuntimeOptions options) {
  bench::PerOp totals;
  for (auto _ : state) {
    auto m = bench::measure(options, yield_many(state.range(0), state.range(1)));
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
