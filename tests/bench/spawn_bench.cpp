// spawn + await of N no-op tasks, on current_thread and multi_thread(2), recording off and on, in
// the two shapes of shapes.hpp: all N spawned, then all awaited (BM_SpawnAll, N tasks pending at
// once), and batches of 1024 each awaited before the next (BM_SpawnBatched). The Tokio twin of
// both is in tests/bench/tokio/; scripts/bench.sh compares them side by side.
#include "shapes.hpp"

using namespace wakeline;

namespace {

void BM_Spawn(benchmark::State& state, RuntimeOptions options, Task<std::uint64_t> (*shape)(std::int64_t)) {
  bench::PerOp totals;
  for (auto _ : state) {
    auto m = bench::measure(options, shape(state.range(0)));
    if (!m.error.empty()) {
      state.SkipWithError(m.error.c_str());
      break;
    }
    state.SetIterationTime(static_cast<double>(m.in_run_ns) * 1e-9);
    totals.add(m, state.range(0));
  }
  totals.report(state, "task");
}

void BM_SpawnAll(benchmark::State& state, RuntimeOptions options) { BM_Spawn(state, options, bench::spawn_all); }
void BM_SpawnBatched(benchmark::State& state, RuntimeOptions options) { BM_Spawn(state, options, bench::spawn_batched); }

}  // namespace

BENCHMARK_CAPTURE(BM_SpawnAll, current_thread/record_off, bench::current_thread(false))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 2); });
BENCHMARK_CAPTURE(BM_SpawnAll, current_thread/record_on, bench::current_thread(true))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 1); });
BENCHMARK_CAPTURE(BM_SpawnAll, multi_thread_2/record_off, bench::multi_thread(2, false))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 2); });
BENCHMARK_CAPTURE(BM_SpawnAll, multi_thread_2/record_on, bench::multi_thread(2, true))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 1); });

BENCHMARK_CAPTURE(BM_SpawnBatched, current_thread/record_off, bench::current_thread(false))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 2); });
BENCHMARK_CAPTURE(BM_SpawnBatched, current_thread/record_on, bench::current_thread(true))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 1); });
BENCHMARK_CAPTURE(BM_SpawnBatched, multi_thread_2/record_off, bench::multi_thread(2, false))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 2); });
BENCHMARK_CAPTURE(BM_SpawnBatched, multi_thread_2/record_on, bench::multi_thread(2, true))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 1); });
