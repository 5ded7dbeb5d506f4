// tokio/tests/time_timeout.rs, case by case: timeout(d, f) / timeout_at(t, f) give f's value if
// it finishes first (f is polled before the deadline is checked), or nothing once the deadline
// passed, and drop f then.
#include <chrono>
#include <optional>

#include "conformance.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/timeout.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {


// A deadline the future should beat: 100 ms on the virtual clock; on the real one 2 s, so a
// machine busy with other work for a few ms cannot turn the case around.
std::chrono::nanoseconds far_deadline(const conformance::Rt& rt) { return rt.is_virtual() ? rt.ms(100) : 2s; }


// Sends `v` on `tx` after `d`.
Task<> send_after(oneshot::Sender<int> tx, std::chrono::nanoseconds d, int v) {
  co_await sleep(d);
  tx.send(v);
}

Task<int> receive(oneshot::Receiver<int> rx) {
  auto v = co_await std::move(rx);
  co_return v.value_or(-1);
}

}  // namespace

TEST_CASE("simultaneous_deadline_future_completion", "[tokio][time_timeout]") {
  TOKIO_RUNTIMES();
  // A zero timeout on a future that is ready at once: the future is polled first and wins.
  auto body = []() -> Task<std::optional<int>> { co_return co_await timeout(0ms, ready(1)); };
  CHECK(checked_run(rt.options(), body()).main->value() == std::optional<int>(1));
}

TEST_CASE("completed_future_past_deadline", "[tokio][time_timeout]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::optional<int>> {
    co_await sleep(rt.ms(10));
    co_return co_await timeout_at(now() - rt.ms(5), ready(1));  // a deadline already past
  };
  CHECK(checked_run(rt.options(), body()).main->value() == std::optional<int>(1));
}

TEST_CASE("future_and_deadline_in_future", "[tokio][time_timeout]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::optional<int>> {
    auto [tx, rx] = oneshot::channel<int>("reply");
    auto handle = spawn(send_after(std::move(tx), rt.ms(5), 42), "sender");
    auto result = co_await timeout_at(now() + far_deadline(rt), receive(std::move(rx)));
    (void)co_await std::move(handle);
    co_return result;
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() == std::optional<int>(42));
  CHECK(count(result.report.trace, EventKind::TimerCancelled) == 1);  // the deadline's timer
}

TEST_CASE("future_and_timeout_in_future", "[tokio][time_timeout]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::optional<int>> {
    auto [tx, rx] = oneshot::channel<int>("reply");
    auto handle = spawn(send_after(std::move(tx), rt.ms(5), 42), "sender");
    auto result = co_await timeout(far_deadline(rt), receive(std::move(rx)));
    (void)co_await std::move(handle);
    co_return result;
  };
  CHECK(checked_run(rt.options(), body()).main->value() == std::optional<int>(42));
}

TEST_CASE("very_large_timeout", "[tokio][time_timeout]") {
  TOKIO_RUNTIMES();
  // A timeout of "forever" saturates instead of wrapping into the past: the future still wins.
  SECTION("nanoseconds::max()") {
    auto body = [&]() -> Task<std::optional<int>> {
      auto [tx, rx] = oneshot::channel<int>("reply");
      auto handle = spawn(send_after(std::move(tx), rt.ms(5), 42), "sender");
      auto result = co_await timeout(std::chrono::nanoseconds::max(), receive(std::move(rx)));
      (void)co_await std::move(handle);
      co_return result;
    };
    CHECK(checked_run(rt.options(), body()).main->value() == std::optional<int>(42));
  }
  SECTION("hours::max(), whose nanoseconds overflow an int64") {
    auto body = [&]() -> Task<std::optional<int>> {
      auto [tx, rx] = oneshot::channel<int>("reply");
      auto handle = spawn(send_after(std::move(tx), rt.ms(5), 42), "sender");
      auto result = co_await timeout(std::chrono::hours::max(), receive(std::move(rx)));
      (void)co_await std::move(handle);
      co_return result;
    };
    CHECK(checked_run(rt.options(), body()).main->value() == std::optional<int>(42));
  }
}

TEST_CASE("deadline_now_elapses", "[tokio][time_timeout]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::optional<int>> { co_return co_await timeout_at(now(), pending()); };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() == std::nullopt);
  CHECK(count(result.report.trace, EventKind::FutureDropped) == 1);
}

TEST_CASE("deadline_future_elapses", "[tokio][time_timeout]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::optional<int>> { co_return co_await timeout_at(now() + rt.ms(300), pending()); };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() == std::nullopt);
  CHECK(result.report.total_ns >= static_cast<std::uint64_t>(rt.ms(300).count()));
  if (rt.is_virtual()) CHECK(result.report.total_ns < static_cast<std::uint64_t>(rt.ms(301).count()));
}

TEST_CASE("timeout_is_not_exhausted_by_future", "[tokio][time_timeout]") {
  TOKIO_RUNTIMES();
  // The future never finishes but is always ready (a zero sleep, over and over): the cooperative
  // budget makes it give the worker back, so the deadline is still noticed.
  auto body = [&]() -> Task<std::optional<int>> {
    auto busy = []() -> Task<int> {
      for (;;) co_await sleep(0ms);
    };
    co_return co_await timeout(rt.ms(1), busy());
  };
  CHECK(checked_run(rt.options(), body()).main->value() == std::nullopt);
}
