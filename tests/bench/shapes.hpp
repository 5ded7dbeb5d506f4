// The executor workloads Wakeline is compared with Tokio on, one coroutine per shape, shared by the
// Google Benchmark binaries (spawn_bench, channel_bench, yield_bench, sleep_bench) and by
// shape_bench, the one-run-per-process driver scripts/bench.sh interleaves with the Tokio twin in
// tests/bench/tokio/ (which runs the same shapes). Each returns the nanoseconds it measured itself,
// from its first poll to its end, so runtime start-up, shutdown and the trace merge stay outside.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "bench_support.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

namespace wakeline::bench {

inline constexpr std::int64_t kSpawnBatch = 1024;
inline constexpr std::size_t kPingPongCapacity = 32;

inline Task<> no_op() { co_return; }

// Spawn n no-op tasks, then await every handle: all n tasks are pending at once (peak memory).
inline Task<std::uint64_t> spawn_all(std::int64_t n) {
  std::vector<JoinHandle<void>> handles;
  handles.reserve(static_cast<std::size_t>(n));
  std::int64_t failed = 0;
  auto start = Clock::now();
  for (std::int64_t i = 0; i < n; ++i) handles.push_back(spawn(no_op()));
  for (auto& handle : handles) {
    auto result = co_await std::move(handle);
    failed += result.ok() ? 0 : 1;
  }
  auto elapsed = ns_since(start);
  if (failed != 0) throw std::runtime_error("a no-op task failed");
  co_return elapsed;
}

// The same in batches of kSpawnBatch, each awaited before the next is spawned.
inline Task<std::uint64_t> spawn_batched(std::int64_t n) {
  std::vector<JoinHandle<void>> handles;
  handles.reserve(kSpawnBatch);
  std::int64_t failed = 0;
  auto start = Clock::now();
  for (std::int64_t done = 0; done < n; done += kSpawnBatch) {
    std::int64_t batch = std::min(kSpawnBatch, n - done);
    for (std::int64_t i = 0; i < batch; ++i) handles.push_back(spawn(no_op()));
    for (auto& handle : handles) {
      auto result = co_await std::move(handle);
      failed += result.ok() ? 0 : 1;
    }
    handles.clear();
  }
  auto elapsed = ns_since(start);
  if (failed != 0) throw std::runtime_error("a no-op task failed");
  co_return elapsed;
}

inline Task<> pong(mpsc::Receiver<std::int64_t> in, mpsc::Sender<std::int64_t> out) {
  while (auto value = co_await in.recv()) {
    std::int64_t back = *value;
    (void)co_await out.send(back);
  }
}

// round_trips messages each way between main and a "pong" task over two mpsc(32) channels.
inline Task<std::uint64_t> ping_pong(std::int64_t round_trips) {
  auto [ping_tx, ping_rx] = mpsc::channel<std::int64_t>(kPingPongCapacity, "ping");
  auto [pong_tx, pong_rx] = mpsc::channel<std::int64_t>(kPingPongCapacity, "pong");
  auto ponger = spawn(pong(std::move(ping_rx), std::move(pong_tx)), "pong");
  std::int64_t checksum = 0;
  auto start = Clock::now();
  for (std::int64_t i = 0; i < round_trips; ++i) {
    (void)co_await ping_tx.send(i);
    auto back = co_await pong_rx.recv();
    checksum += back ? *back - i : 1;
  }
  auto elapsed = ns_since(start);
  ping_tx.close();
  (void)co_await std::move(ponger);
  if (checksum != 0) throw std::runtime_error("ping-pong lost or changed a message");
  co_return elapsed;
}

inline Task<> yielder(std::int64_t yields) {
  for (std::int64_t i = 0; i < yields; ++i) co_await yield_now();
}

// `tasks` tasks share total_yields yield_now() calls equally.
inline Task<std::uint64_t> yield_many(std::int64_t tasks, std::int64_t total_yields) {
  std::vector<JoinHandle<void>> handles;
  auto start = Clock::now();
  for (std::int64_t t = 0; t < tasks; ++t) handles.push_back(spawn(yielder(total_yields / tasks), "yielder"));
  for (auto& handle : handles) (void)co_await std::move(handle);
  co_return ns_since(start);
}

inline Task<> sleeper() { co_await sleep(std::chrono::milliseconds(1)); }

// n tasks each sleep 1 ms on the real clock: all spawned, then all awaited.
inline Task<std::uint64_t> many_sleeps(std::int64_t n) {
  std::vector<JoinHandle<void>> handles;
  handles.reserve(static_cast<std::size_t>(n));
  auto start = Clock::now();
  for (std::int64_t i = 0; i < n; ++i) handles.push_back(spawn(sleeper(), "sleeper"));
  for (auto& handle : handles) (void)co_await std::move(handle);
  co_return ns_since(start);
}

}  // namespace wakeline::bench
