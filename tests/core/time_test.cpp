#include <catch2/catch.hpp>

#include "wakeline/io.hpp"
#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

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
