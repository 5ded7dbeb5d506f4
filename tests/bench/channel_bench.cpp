// mpsc ping-pong: two tasks on current_thread, a "ping" and a "pong" channel of capacity 32, one
// message each way per round trip. Tokio 1.24 on this machine: 356-360 ns per round trip.
#include <stdexcept>

#include "bench_support.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;

namespace {

constexpr std::size_t kCapacity = 32;

Task<> pong(mpsc::Receiver<std::int64_t> in, mpsc::Sender<std::int64_t> out) {
  while (auto value = co_await in.recv()) {
    std::int64_t back = *value;
    (void)co_await out.send(back);
  }
}

Task<std::uint64_t> ping_pong(std::int64_t round_trips) {
  auto [ping_tx, ping_rx] = mpsc::channel<std::int64_t>(kCapacity, "ping");
  auto [pong_tx, pong_rx] = mpsc::channel<std::int64_t>(kCapacity, "pong");
  auto ponger = spawn(pong(std::move(ping_rx), std::move(pong_tx)), "pong");
  std::int64_t checksum = 0;
  auto start = bench::Clock::now();
  for (std::int64_t i = 0; i < round_trips; ++i) {
    (void)co_await ping_tx.send(i);
    auto back = co_await pong_rx.recv();
    checksum += back ? *back - i : 1;
  }
  auto elapsed = bench::ns_since(start);
  ping_tx.close();
  (void)co_await std::move(ponger);
  if (checksum != 0) throw std::runtime_error("ping-pong lost or changed a message");
  co_return elapsed;
}

void BM_PingPong(benchmark::State& state, RuntimeOptions options) {
  bench::PerOp totals;
  for (auto _ : state) {
    auto m = bench::measure(options, ping_pong(state.range(0)));
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
