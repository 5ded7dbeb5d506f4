// mpsc ping-pong: two tasks on current_thread, a "ping" and a "pong" channel of capacity 32, one
// message each way per round trip (shapes.hpp; the Tokio twin: scripts/bench.sh).
#include "shapes.hpp"

using namespace wakeline;

namespace {

void BM_PingPong(benchmark::State& state, RuntimeOptions options) {
  bench::PerOp totals;
  for (auto _ : state) {
    auto m = bench::measure(options, bench::ping_pong(state.range(0)));
    if (!m.error.empty()) {
      state.SkipWithError(m.error.c_str());
      break;
    }
    state.SetIterationTime(static_cast<double>(m.in_run_ns) * 1e-9);
    totals.add(m, state.range(0));
  }
  totals.report(state, "round_trip");
}

}  // namespace

BENCHMARK_CAPTURE(BM_PingPong, current_thread/record_off, bench::current_thread(false))
    ->Arg(200'000)->Apply([](auto* b) { bench::heavy(b, 5); });
BENCHMARK_CAPTURE(BM_PingPong, current_thread/record_on, bench::current_thread(true))
    ->Arg(200'000)->Apply([](auto* b) { bench::heavy(b, 3); });
