#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "wakeline/io.hpp"
#include "wakeline/join.hpp"
#include "wakeline/pitfalls.hpp"
#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"
#include "wakeline/timeout.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

std::set<ThreadIndex> poll_threads(const Trace& trace) {
  std::set<ThreadIndex> out;
  for (const auto& e : trace.events)
    if (e.kind == EventKind::PollStart) out.insert(e.thread);
  return out;
}

Task<std::string> fetch(std::string url) { co_return co_await fake_fetch(std::move(url), 1000ms); }

Task<std::size_t> two_joined_fetches() {
  auto [a, b] = co_await join(fetch("a"), fetch("b"));
  co_return a.size() + b.size();
}

Task<std::size_t> two_spawned_fetches() {
  auto ha = spawn(fetch("a"), "fetch a");
  auto hb = spawn(fetch("b"), "fetch b");
  auto a = co_await std::move(ha);
  auto b = co_await std::move(hb);
  co_return a.value().size() + b.value().size();
}
}  // namespace

TEST_CASE("two 1000 ms fetches under join finish at 1000 ms, every poll on one worker", "[join]") {
  RuntimeOptions options;
  options.flavor = Flavor::MultiThread;
  options.workers = 2;
  auto result = checked_run(options, two_joined_fetches());
  REQUIRE(result.main->value() == 128);
  REQUIRE(result.report.total_ns >= 1000 * kMs);
  REQUIRE(result.report.total_ns < 1001 * kMs);
  REQUIRE(poll_threads(result.report.trace).size() == 1);
}

TEST_CASE("two fetches spawned on multi_thread(2) finish at 1000 ms", "[join][spawn]") {
  RuntimeOptions options;
  options.flavor = Flavor::MultiThread;
  options.workers = 2;
  auto result = checked_run(options, two_spawned_fetches());
  REQUIRE(result.main->value() == 128);
  REQUIRE(result.report.total_ns >= 1000 * kMs);
  REQUIRE(result.report.total_ns < 1001 * kMs);
}

TEST_CASE("a Task that is created and never awaited records no poll", "[task]") {
  std::uint32_t polls_of_lazy = 0;
  auto body = [&]() -> Task<> {
    auto lazy = fetch("never");
    co_await sleep(10ms);
    (void)lazy;
  };
  auto result = checked_run(RuntimeOptions{}, body());
  for (const auto& e : result.report.trace.events)
    if (e.kind == EventKind::TimerSet) ++polls_of_lazy;
  REQUIRE(polls_of_lazy == 1);  // only main's own sleep registered a timer
}

TEST_CASE("ten joined futures blocking the thread t*10 ms take 550 ms on current_thread", "[join][blocking]") {
  auto body = []() -> Task<> {
    std::vector<Task<>> futures;
    for (int t = 1; t <= 10; ++t)
      futures.push_back([](int ms10) -> Task<> {
        block_thread(std::chrono::milliseconds(ms10 * 10));
        co_return;
      }(t));
    co_await join_all(std::move(futures));
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(result.report.total_ns >= 550 * kMs);
  REQUIRE(result.report.total_ns < 551 * kMs);
}

TEST_CASE("ten joined futures sleeping t*10 ms take 100 ms", "[join][time]") {
  auto body = []() -> Task<> {
    std::vector<Task<>> futures;
    for (int t = 1; t <= 10; ++t)
      futures.push_back([](int ms10) -> Task<> { co_await sleep(std::chrono::milliseconds(ms10 * 10)); }(t));
    co_await join_all(std::move(futures));
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(result.report.total_ns >= 100 * kMs);
  REQUIRE(result.report.total_ns < 101 * kMs);
}

TEST_CASE("ten joined spawn_blocking waits take about 100 ms, on blocking-pool lanes", "[join][blocking]") {
  auto body = []() -> Task<> {
    std::vector<Task<>> futures;
    for (int t = 1; t <= 10; ++t)
      futures.push_back([](int ms10) -> Task<> {
        auto h = spawn_blocking([ms10] { block_thread(std::chrono::milliseconds(ms10 * 10)); }, "sleep");
        (void)co_await std::move(h);
      }(t));
    co_await join_all(std::move(futures));
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(result.report.total_ns >= 100 * kMs);
  REQUIRE(result.report.total_ns < 102 * kMs);
  const auto& trace = result.report.trace;
  int spans_on_pool = 0;
  for (const auto& e : trace.events)
    if (e.kind == EventKind::BlockingStart && trace.threads[e.thread].kind == ThreadKind::Blocking) ++spans_on_pool;
  REQUIRE(spans_on_pool == 10);
}

TEST_CASE("select returns the first branch and drops the other", "[select]") {
  auto body = []() -> Task<int> {
    auto slow = []() -> Task<int> { co_await sleep(50ms); co_return 50; };
    auto quick = []() -> Task<int> { co_await sleep(30ms); co_return 30; };
    auto first = co_await wakeline::select(slow(), quick());
    co_return first.index() == 1 ? std::get<1>(first) : -1;
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(result.main->value() == 30);
  REQUIRE(result.report.total_ns < 31 * kMs);
  int dropped = 0, cancelled_timers = 0;
  for (const auto& e : result.report.trace.events) {
    if (e.kind == EventKind::FutureDropped) ++dropped;
    if (e.kind == EventKind::TimerCancelled) ++cancelled_timers;
  }
  REQUIRE(dropped == 1);
  REQUIRE(cancelled_timers == 1);
}

TEST_CASE("timeout gives the value in time, nothing when the deadline passes first", "[timeout]") {
  auto body = []() -> Task<int> {
    auto fast = co_await timeout(100ms, fake_fetch("fast", 50ms));
    auto slow = co_await timeout(100ms, fake_fetch("slow", 8000ms));
    co_return (fast.has_value() ? 1 : 0) + (slow.has_value() ? 10 : 0);
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(result.main->value() == 1);
  REQUIRE(result.report.total_ns < 151 * kMs);
}

TEST_CASE("try_join stops at the first error and cancels the rest", "[join]") {
  auto body = []() -> Task<std::string> {
    auto ok = []() -> Task<int> { co_await sleep(100ms); co_return 1; };
    auto bad = []() -> Task<int> {
      co_await sleep(20ms);
      throw std::runtime_error("fetch 2 failed");
    };
    try {
      co_await try_join(ok(), bad(), ok());
    } catch (const std::exception& e) {
      co_return std::string(e.what());
    }
    co_return "no error";
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(result.main->value() == "fetch 2 failed");
  REQUIRE(result.report.total_ns < 21 * kMs);
}

TEST_CASE("a failing spawned task reaches its awaiter as a JoinError, the runtime goes on", "[spawn]") {
  auto body = []() -> Task<std::string> {
    auto h = spawn([]() -> Task<int> {
      co_await sleep(1ms);
      throw std::runtime_error("boom");
    }(), "bad");
    auto r = co_await std::move(h);
    co_return r.ok() ? "ok" : r.error().message;
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(result.main->value() == "boom");
  bool failed_recorded = false;
  for (const auto& e : result.report.trace.events)
    if (e.kind == EventKind::TaskFailed) failed_recorded = result.report.trace.str(static_cast<StringId>(e.b())) == "boom";
  REQUIRE(failed_recorded);
}

TEST_CASE("abort cancels a spawned task at its next suspension", "[spawn]") {
  auto body = []() -> Task<bool> {
    auto h = spawn([]() -> Task<int> { co_await sleep(1000ms); co_return 1; }(), "sleeper");
    co_await sleep(10ms);
    h.abort();
    auto r = co_await std::move(h);
    co_return !r.ok() && r.error().is_cancelled();
  };
  auto result = checked_run(RuntimeOptions{}, body());
  REQUIRE(result.main->value());
  REQUIRE(result.report.total_ns < 11 * kMs);
}
