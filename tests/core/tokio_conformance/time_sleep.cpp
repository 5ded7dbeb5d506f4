// tokio/tests/time_sleep.rs, case by case: a sleep ends no sooner than its deadline; a deadline
// already past ends at once; durations up to "forever" saturate instead of wrapping (a sleep that
// long never fires within the run). On the virtual clock, times are exact, or rounded up to the
// timer tick when RuntimeOptions::timer_tick asks for Tokio's 1 ms wheel.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "conformance.hpp"
#include "wakeline/select.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

std::uint64_t ns(std::chrono::nanoseconds d) { return static_cast<std::uint64_t>(d.count()); }

// Sleeps `d` and says how long it took.
Task<std::chrono::nanoseconds> timed_sleep(std::chrono::nanoseconds d) {
  const auto start = now();
  co_await sleep(d);
  co_return now() - start;
}

}  // namespace

TEST_CASE("immediate_sleep", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::chrono::nanoseconds> {
    const auto start = now();
    co_await sleep_until(start);
    co_return now() - start;
  };
  auto result = checked_run(rt.options(), body());
  CHECK(count(result.report.trace, EventKind::TimerSet) == 0);  // no timer: it never waited
  if (rt.is_virtual()) CHECK(result.main->value() == 0ns);
}

TEST_CASE("delayed_sleep_level_0", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  for (std::int64_t n : {1, 5, 60}) {
    INFO(n << " ms");
    auto result = checked_run(rt.options(), timed_sleep(rt.ms(n)));
    CHECK(result.main->value() >= rt.ms(n));
    if (rt.is_virtual()) CHECK(result.main->value() == rt.ms(n));
  }
}

TEST_CASE("sub_ms_delayed_sleep", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  for (auto d : {1us, 150us, 999us}) {
    auto result = checked_run(rt.options(), timed_sleep(d));
    CHECK(result.main->value() >= d);
    // The timer fires on time; the task runs once its worker has finished its 5 us poll.
    if (rt.is_virtual()) CHECK(result.main->value() == std::max<std::chrono::nanoseconds>(d, 5us));
  }
  if (rt.is_virtual()) {
    // Tokio's wheel fires at the first 1 ms tick after the deadline.
    RuntimeOptions tokio_wheel = rt.options();
    tokio_wheel.timer_tick = 1ms;
    CHECK(checked_run(tokio_wheel, timed_sleep(150us)).main->value() == 1ms);
    CHECK(checked_run(tokio_wheel, timed_sleep(10ms)).main->value() == 11ms);
  }
}

TEST_CASE("delayed_sleep_wrapping_level_0", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::chrono::nanoseconds> {
    co_await sleep(rt.ms(5));
    co_await sleep_until(rt.ms(64));
    co_return now();
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() >= rt.ms(64));
  if (rt.is_virtual()) CHECK(result.main->value() == 64ms);
}

TEST_CASE("short_sleeps", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<int> {
    int n = 0;
    for (; n < 10000; ++n) co_await sleep(0ms);
    co_return n;
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 10000);
}

TEST_CASE("long_sleeps", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  if (!rt.is_virtual()) {
    SUCCEED("a long sleep on the real clock takes that long: the virtual clock checks it");
    return;
  }
  // 20 hours of virtual time, within the 24 h max_virtual_time.
  auto result = checked_run(rt.options(), timed_sleep(20h));
  CHECK(result.main->value() == 20h);
}

TEST_CASE("exactly_max", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  if (rt.is_virtual()) {
    // Tokio's paused clock jumps to the far future. Here the virtual clock stops at its time limit
    // and says the sleep never fires within the run; it does not wrap into an immediate wake.
    auto body = []() -> Task<bool> {
      co_await sleep(std::chrono::nanoseconds::max());
      co_return true;
    };
    auto result = run(rt.options(), body());
    require_valid(result.report.trace);
    CHECK_FALSE((result.main && result.main->ok()));  // main never got past its sleep
    CHECK(result.report.fault ==
          "stopped at the virtual time limit (max_virtual_time, 24 h): the next timer is a sleep of forever: it "
          "never fires within the run");
    CHECK(count(result.report.trace, EventKind::TimerFired) == 0);
  } else {
    // On the real clock it would simply never end; against a short sleep it loses.
    auto body = [&]() -> Task<std::size_t> {
      auto first = co_await wakeline::select(sleep(std::chrono::nanoseconds::max()), sleep(rt.ms(1)));
      co_return first.index();
    };
    CHECK(checked_run(rt.options(), body()).main->value() == 1);
  }
}

TEST_CASE("issue_5183", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  // A sleep of "forever" (hours::max(), more nanoseconds than an int64 holds) beside a short one:
  // the short one wins, the long one is cancelled, nothing wraps.
  auto body = [&]() -> Task<std::size_t> {
    auto first = co_await wakeline::select(sleep(std::chrono::hours::max()), sleep(rt.ms(1)));
    co_return first.index();
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() == 1);
  CHECK(count(result.report.trace, EventKind::TimerCancelled) == 1);
  CHECK(result.report.total_ns >= ns(rt.ms(1)));
  if (rt.is_virtual()) CHECK(result.report.total_ns < ns(rt.ms(2)));
}

TEST_CASE("no_out_of_bounds_close_to_max", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::size_t> {
    auto first = co_await wakeline::select(sleep(std::chrono::nanoseconds::max() - 1ns), sleep_until(std::chrono::hours::max()),
                                 sleep(rt.ms(1)));
    co_return first.index();
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 2);
}

TEST_CASE("greater_than_max", "[tokio][time_sleep]") {
  TOKIO_RUNTIMES();
  // A deadline past the end of time, reached by adding to the current instant: it saturates too.
  auto body = [&]() -> Task<std::size_t> {
    co_await sleep(rt.ms(1));
    auto first = co_await wakeline::select(sleep(std::chrono::nanoseconds::max() - now() / 2), sleep(rt.ms(1)));
    co_return first.index();
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 1);
}
