// The runtime as a whole: determinism, stealing, the real clock, validate on every kind of run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "wakeline/io.hpp"
#include "wakeline/join.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/pitfalls.hpp"
#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"
#include "wakeline/validate.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {


Task<> many_small_tasks(int n, std::chrono::microseconds work) {
  std::vector<JoinHandle<void>> handles;
  for (int i = 0; i < n; ++i)
    handles.push_back(spawn([](std::chrono::microseconds w) -> Task<> {
      cpu_work(w);
      co_return;
    }(work), "small"));
  for (auto& h : handles) (void)co_await std::move(h);
}

Task<std::uint64_t> sequential_fetches() {
  co_await fake_fetch("a", 1000ms);
  co_await fake_fetch("b", 1000ms);
  co_return 0;
}

Task<std::uint64_t> joined_fetches() {
  co_await join(fake_fetch("a", 1000ms), fake_fetch("b", 1000ms));
  co_return 0;
}


}  // namespace

TEST_CASE("the same seed twice gives identical traces", "[runtime][determinism]") {
  auto options = multi_thread(4);
  options.seed = 42;
  auto first = checked_run(options, many_small_tasks(300, 50us));
  auto second = checked_run(options, many_small_tasks(300, 50us));
  REQUIRE(first.report.trace == second.report.trace);
  require_valid(first.report.trace);
}

TEST_CASE("many small tasks on multi_thread(4) record steals", "[runtime][steal]") {
  auto result = checked_run(multi_thread(4), many_small_tasks(1000, 50us));
  REQUIRE(count(result.report.trace, EventKind::TaskStolen) > 0);
  std::set<ThreadIndex> workers_used;
  for (const auto& e : result.report.trace.events)
    if (e.kind == EventKind::PollStart) workers_used.insert(e.thread);
  REQUIRE(workers_used.size() == 4);
  // 1000 x 50 us of CPU work spread over 4 workers: well under the 50 ms one worker would need.
  REQUIRE(result.report.total_ns < 20 * kMs);
  require_valid(result.report.trace);
}

TEST_CASE("a different seed may schedule differently but stays valid", "[runtime][determinism]") {
  auto options = multi_thread(3);
  options.seed = 7;
  auto result = checked_run(options, many_small_tasks(200, 20us));
  require_valid(result.report.trace);
}

TEST_CASE("bad options are refused with a message saying what is allowed", "[runtime][options]") {
  RuntimeOptions zero = multi_thread(0);
  REQUIRE_THAT(check_options(zero), Catch::Contains("1 to 64"));
  RuntimeOptions ct;
  ct.workers = 3;
  REQUIRE_THAT(check_options(ct), Catch::Contains("current_thread has exactly 1 worker"));
  RuntimeOptions negative;
  negative.poll_cost = -1ns;
  REQUIRE_THAT(check_options(negative), Catch::Contains("negative"));
  REQUIRE_THROWS_AS(run(zero, sequential_fetches()), std::invalid_argument);
}

TEST_CASE("mpsc capacity 0 is refused", "[runtime][options]") {
  auto body = []() -> Task<bool> {
    try {
      auto ch = mpsc::channel<int>(0);
    } catch (const std::invalid_argument&) {
      co_return true;
    }
    co_return false;
  };
  REQUIRE(checked_run(RuntimeOptions{}, body()).main->value());
}

TEST_CASE("shutting down with tasks still pending cancels them and records it", "[runtime][shutdown]") {
  auto body = []() -> Task<> {
    auto forever = spawn([]() -> Task<> { co_await sleep(24h); }(), "forever");
    co_await sleep(1ms);
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(count(result.report.trace, EventKind::TaskCancelled) == 1);
  require_valid(result.report.trace);
}

TEST_CASE("real clock, multi_thread(2): sequential >= 2000 ms, join < 1500 ms", "[runtime][real]") {
  auto seq = checked_run(multi_thread(2, ClockKind::Real), sequential_fetches());
  REQUIRE(seq.report.total_ns >= 2000 * kMs);
  require_valid(seq.report.trace);
  auto joined = checked_run(multi_thread(2, ClockKind::Real), joined_fetches());
  REQUIRE(joined.report.total_ns >= 1000 * kMs);
  REQUIRE(joined.report.total_ns < 1500 * kMs);
  require_valid(joined.report.trace);
}

TEST_CASE("real clock: ten futures blocking t*10 ms on current_thread take at least 550 ms", "[runtime][real]") {
  auto body = []() -> Task<> {
    std::vector<Task<>> futures;
    for (int t = 1; t <= 10; ++t)
      futures.push_back([](int step) -> Task<> {
        block_thread(std::chrono::milliseconds(step * 10));
        co_return;
      }(t));
    co_await join_all(std::move(futures));
  };
  RuntimeOptions options;
  options.clock = ClockKind::Real;
  auto result = checked_run(options, body());
  REQUIRE(result.report.total_ns >= 550 * kMs);
  REQUIRE(result.report.total_ns < 800 * kMs);
  require_valid(result.report.trace);
}

TEST_CASE("real clock: spawn_blocking jobs overlap on the pool and many tasks stay valid", "[runtime][real]") {
  auto body = []() -> Task<> {
    std::vector<Task<>> futures;
    for (int t = 1; t <= 5; ++t)
      futures.push_back([](int step) -> Task<> {
        (void)co_await spawn_blocking([step] { block_thread(std::chrono::milliseconds(step * 10)); }, "sleep");
      }(t));
    co_await join_all(std::move(futures));
    co_await many_small_tasks(2000, 1us);
  };
  auto result = checked_run(multi_thread(2, ClockKind::Real), body());
  REQUIRE(result.report.total_ns >= 50 * kMs);
  // Overlap as the trace has it (not a wall-time bound, which a loaded machine or TSan can miss):
  // at some moment at least two jobs are blocking pool threads at once.
  int blocking_now = 0, most_at_once = 0;
  for (const auto& event : result.report.trace.events) {
    if (event.kind == EventKind::BlockingStart) most_at_once = std::max(most_at_once, ++blocking_now);
    if (event.kind == EventKind::BlockingEnd) --blocking_now;
  }
  REQUIRE(most_at_once >= 2);
  require_valid(result.report.trace);
}

TEST_CASE("real clock: a ping-pong over channels on multi_thread(2) loses no message", "[runtime][real]") {
  auto body = []() -> Task<int> {
    auto [ping_tx, ping_rx] = mpsc::channel<int>(1, "ping");
    auto [pong_tx, pong_rx] = mpsc::channel<int>(1, "pong");
    auto ponger = spawn([](mpsc::Receiver<int> in, mpsc::Sender<int> out) -> Task<> {
      while (auto v = co_await in.recv()) (void)co_await out.send(*v + 1);
    }(std::move(ping_rx), std::move(pong_tx)), "ponger");
    int sum = 0;
    for (int i = 0; i < 2000; ++i) {
      (void)co_await ping_tx.send(i);
      sum += *co_await pong_rx.recv() - i;
    }
    co_return sum;
  };
  auto result = checked_run(multi_thread(2, ClockKind::Real), body());
  REQUIRE(result.main->value() == 2000);
  require_valid(result.report.trace);
}

TEST_CASE("real clock: a deadlock is reported after the quiet period instead of hanging", "[runtime][real][deadlock]") {
  auto body = []() -> Task<> {
    auto [tx, rx] = mpsc::channel<int>(1, "jobs");
    (void)co_await rx.recv();
    (void)tx;
  };
  auto options = multi_thread(2, ClockKind::Real);
  options.deadlock_quiet_period = 100ms;
  auto result = checked_run(options, body());
  REQUIRE(result.report.deadlocked);
  REQUIRE(result.report.trace.run.deadlock.size() == 1);
  REQUIRE(result.report.trace.run.deadlock[0].waits_on == "recv on channel 'jobs'");
  require_valid(result.report.trace);
}
