// Follows tokio/tests/task_abort.rs: abort() cancels a task at its next suspension (or before its
// first poll), wakes it if it is waiting, and its JoinHandle then reports "cancelled"; a task that
// already finished keeps its result; and abort() works from a thread outside the runtime and from
// the blocking pool.
#include <memory>
#include <thread>

#include "conformance.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using wakeline::conformance::Rt;

namespace {
Task<int> sleeper(std::chrono::nanoseconds d) {
  co_await sleep(d);
  co_return 1;
}
}  // namespace

TEST_CASE("test_abort_without_panic_3157", "[tokio][task_abort]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto handle = spawn(sleeper(scale.ms(500)), "sleeper");
    co_await sleep(scale.ms(1));
    handle.abort();
    auto r = co_await std::move(handle);
    co_return !r.ok() && r.error().is_cancelled();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value());
}

TEST_CASE("test_abort_wakes_task_3964", "[tokio][task_abort]") {
  // Aborting a task that waits on a long timer wakes it at once: the joiner does not wait the
  // timer out (on the virtual clock the run ends long before it would fire).
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto handle = spawn(sleeper(scale.ms(5000)), "sleeper");
    co_await sleep(scale.ms(1));
    handle.abort();
    auto r = co_await std::move(handle);
    co_return r.error().is_cancelled();
  };
  auto result = checked_run(rt.options(), body(rt));
  REQUIRE(result.main->value());
  if (rt.is_virtual()) CHECK(result.report.total_ns < 10 * kMs);
}

TEST_CASE("test_abort_task_before_first_poll", "[tokio][task_abort]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<bool> {
    auto handle = spawn(sleeper(std::chrono::nanoseconds(0)), "never polled");
    handle.abort();  // still in the run queue
    auto r = co_await std::move(handle);
    co_return r.error().is_cancelled();
  };
  auto result = checked_run(rt.options(), body());
  REQUIRE(result.main->value());
  CHECK(count(result.report.trace, EventKind::TaskCancelled) == 1);
}

TEST_CASE("test_abort_after_completion_keeps_result", "[tokio][task_abort]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    auto handle = spawn(sleeper(scale.ms(1)), "quick");
    while (!handle.is_finished()) co_await sleep(scale.ms(1));
    handle.abort();  // too late: nothing to cancel
    auto r = co_await std::move(handle);
    co_return r.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 1);
}

TEST_CASE("test_join_error_display", "[tokio][task_abort]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto handle = spawn(sleeper(scale.ms(500)));
    handle.abort();
    auto r = co_await std::move(handle);
    co_return r.error().is_cancelled() && !r.error().is_failed() && !r.error().message.empty();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value());
}

TEST_CASE("remote_abort_local_set_3929", "[tokio][task_abort][thread]") {
  // Tokio's test aborts from a std::thread: the waiting task must be woken through the runtime
  // and cancelled, not left parked. The wake is recorded on the lane outside the runtime.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto handle = spawn(sleeper(scale.ms(5000)), "sleeper");
    co_await sleep(scale.ms(1));
    std::thread([&handle] { handle.abort(); }).join();
    auto r = co_await std::move(handle);
    co_return r.error().is_cancelled();
  };
  auto result = checked_run(rt.options(), body(rt));
  REQUIRE(result.main->value());
  if (rt.is_virtual()) CHECK(result.report.total_ns < 10 * kMs);
  bool outside = false;
  for (const auto& t : result.report.trace.threads)
    outside |= t.kind == ThreadKind::External && t.index == kOutsideLaneIndex && t.name == kOutsideLaneName;
  CHECK(outside);
}

TEST_CASE("remote_abort_local_set_3929 (from spawn_blocking)", "[tokio][task_abort][blocking]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto handle = std::make_shared<JoinHandle<int>>(spawn(sleeper(scale.ms(5000)), "sleeper"));
    co_await sleep(scale.ms(1));
    auto job = spawn_blocking([handle] { handle->abort(); });
    (void)co_await std::move(job);
    auto r = co_await std::move(*handle);
    co_return r.error().is_cancelled();
  };
  auto result = checked_run(rt.options(), body(rt));
  REQUIRE(result.main->value());
  if (rt.is_virtual()) CHECK(result.report.total_ns < 10 * kMs);
}
