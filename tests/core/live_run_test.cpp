#include <catch2/catch.hpp>

#include <thread>

#include "test_support.hpp"
#include "wakeline/live_run.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {
Task<> ticking(int ticks) {
  for (int i = 0; i < ticks; ++i) co_await sleep(10ms);
}
}  // namespace

TEST_CASE("a real-clock run can be watched while it goes: snapshots grow", "[live]") {
  LiveRun live;
  auto options = multi_thread(2, ClockKind::Real);
  options.live = &live;
  std::size_t early = 0, later = 0;
  std::thread watcher([&] {
    while (!live.running()) std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(50ms);
    early = live.snapshot().events.size();
    std::this_thread::sleep_for(100ms);
    later = live.snapshot().events.size();
  });
  auto result = checked_run(options, ticking(30));
  watcher.join();
  REQUIRE(early > 0);
  REQUIRE(later > early);
  REQUIRE(result.report.trace.events.size() >= later);
}

TEST_CASE("stopping a live run ends it soon, cancelling what is left, keeping what was recorded", "[live]") {
  LiveRun live;
  auto options = multi_thread(2, ClockKind::Real);
  options.live = &live;
  // The stop comes once three ticks are on record, however slowly a loaded machine (or TSan)
  // gets there; what is timed is the stop itself.
  std::chrono::steady_clock::time_point stopped_at;
  std::thread stopper([&] {
    while (!live.running()) std::this_thread::sleep_for(1ms);
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (count(live.snapshot(), EventKind::TimerFired) < 3 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(5ms);
    }
    stopped_at = std::chrono::steady_clock::now();
    live.request_stop();
  });
  auto result = checked_run(options, ticking(1000));  // would take 10 s
  stopper.join();
  REQUIRE(std::chrono::steady_clock::now() - stopped_at < 2s);
  REQUIRE(result.report.fault == "stopped by the user");
  REQUIRE(count(result.report.trace, EventKind::TimerFired) >= 3);
  REQUIRE(count(result.report.trace, EventKind::TaskCancelled) == 1);
}

TEST_CASE("stopping a virtual run before it starts records a clean, cancelled run", "[live]") {
  LiveRun live;
  live.request_stop();
  RuntimeOptions options;
  options.live = &live;
  auto result = checked_run(options, ticking(5));
  REQUIRE(result.report.fault == "stopped by the user");
}
