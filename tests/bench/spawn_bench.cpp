// spawn + await of N no-op tasks, on current_thread and multi_thread(2), recording off and on.
// Tokio 1.24 on this machine: 214-243 ns per task on current_thread, 459-544 ns on multi_thread(2).
#include <algorithm>
#include <stdexcept>
#include <vector>

#include "bench_support.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;

namespace {

// Handles are collected in batches so a million tasks never hold a million frames at once.
constexpr std::int64_t kBatch = 1024;

Task<std::uint64_t> spawn_and_await(std::int64_t n) {
  std::vector<JoinHandle<void>> handles;
  handles.reserve(kBatch);
  std::int64_t failed = 0;
  auto start = bench::Clock::now();
  for (std::int64_t done = 0; done < n; done += kBatch) {
    std::int64_t batch = std::min(kBatch, n - done);
    for (std::int64_t i = 0; i < batch; ++i) handles.push_back(spawn([]() -> Task<> { co_return; }()));
    for (auto& handle : handles) {
      auto result = co_await std::move(handle);
      failed += result.ok() ? 0 : 1;
    }
    handles.clear();
  }
  auto elapsed = bench::ns_since(start);
  if (failed != 0) throw std::runtime_error("a no-op task failed");
  co_return elapsed;
}

void BM_SpawnAwait(benchmark::State& state, RuntimeOptions options) {
  bench::PerOp totals;
  for (auto _ : state) {
    auto m = bench::measure(options, spawn_and_await(state.range(0)));
    if (!m.error.empty()) {
      state.SkipWithError(m.error.c_str());
      break;
    }
    state.SetIterationTime(static_cast<double>(m.in_run_ns) * 1e-9);
    totals.add(m, state.range(0));
  }
  totals.report(state, "task");
}

}  // namespace

BENCHMARK_CAPTURE(BM_SpawnAwait, current_thread/record_off, bench::current_thread(false))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 2); });
BENCHMARK_CAPTURE(BM_SpawnAwait, current_thread/record_on, bench::current_thread(true))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 1); });
BENCHMARK_CAPTURE(BM_SpawnAwait, multi_thread_2/record_off, bench::multi_thread(2, false))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 2); });
BENCHMARK_CAPTURE(BM_SpawnAwait, multi_thread_2/record_on, bench::multi_thread(2, true))
    ->Arg(1'000'000)->Apply([](auto* b) { bench::heavy(b, 1); });
