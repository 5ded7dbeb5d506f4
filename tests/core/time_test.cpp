#include <catch2/catch.hpp>

#include "wakeline/io.hpp"
#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

#include <vector>

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

Task<int> two_sequential_fetches() {
  auto a = co_await fake_fetch("https://a", 1000ms);
  auto b = co_await fake_fetch("https://b", 1000ms);
  co_return static_cast<int>(a.size() + b.size());
}
}  // namespace

TEST_CASE("two sequential 1000 ms fetches take 2000 ms", "[time]") {
  auto result = checked_run(RuntimeOptions{}, two_sequential_fetches());
  REQUIRE(result.main.has_value());
  REQUIRE(result.main->value() == 128);
  REQUIRE(result.report.total_ns >= 2000 * kMs);
  REQUIRE(result.report.total_ns < 2001 * kMs);
}

TEST_CASE("a sleep of 0 ms completes without waiting", "[time]") {
  auto result = checked_run(RuntimeOptions{}, []() -> Task<> { co_await sleep(0ms); }());
  REQUIRE(result.main.has_value());
  REQUIRE(result.report.total_ns < 1 * kMs);
}

TEST_CASE("with Tokio's 1 ms timer tick a 10 ms sleep takes 11 ms, exact by default", "[time][timer_tick]") {
  auto three_sleeps = []() -> Task<std::vector<std::int64_t>> {
    std::vector<std::int64_t> woke;
    for (int i = 0; i < 3; ++i) {
      co_await sleep(10ms);
      woke.push_back(now() / 1ms);
    }
    co_return woke;
  };
  RuntimeOptions tokio;
  tokio.timer_tick = 1ms;
  CHECK(checked_run(tokio, three_sleeps()).main->value() == std::vector<std::int64_t>{11, 22, 33});
  CHECK(checked_run(RuntimeOptions{}, three_sleeps()).main->value() == std::vector<std::int64_t>{10, 20, 30});
}

TEST_CASE("a timer tick rounds a deadline up to the tick after it", "[time][timer_tick]") {
  auto sleep_for = [](std::chrono::nanoseconds d) -> Task<std::int64_t> {
    co_await sleep(d);
    co_return now().count();
  };
  RuntimeOptions coarse;
  coarse.timer_tick = 5ms;
  CHECK(checked_run(coarse, sleep_for(3ms)).main->value() == 5'000'000);
  CHECK(checked_run(coarse, sleep_for(5ms)).main->value() == 10'000'000);
  CHECK(checked_run(coarse, sleep_for(7ms)).main->value() == 10'000'000);
  RuntimeOptions bad;
  bad.timer_tick = 2s;
  CHECK_THAT(check_options(bad), Catch::Contains("timer_tick"));
}
