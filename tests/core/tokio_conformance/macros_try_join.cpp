// tokio/tests/macros_try_join.rs, case by case: try_join is join that stops at the first error
// (here: the first exception), drops the branches still running and rethrows it. Names that
// macros_join.rs uses too carry the file's name (Catch wants each name once).
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "conformance.hpp"
#include "wakeline/join.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

Task<int> ok(int v) { co_return v; }

Task<int> fails_after(std::chrono::nanoseconds d) {
  co_await sleep(d);
  throw std::runtime_error("boom");
}


}  // namespace

TEST_CASE("macros_try_join::sync_one_lit_expr_comma", "[tokio][macros_try_join]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::tuple<int>> { co_return co_await try_join(ok(1)); };
  CHECK(checked_run(rt.options(), body()).main->value() == std::tuple<int>{1});
}

TEST_CASE("macros_try_join::sync_two_lit_expr_comma", "[tokio][macros_try_join]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::tuple<int, int>> { co_return co_await try_join(ok(1), ok(2)); };
  CHECK(checked_run(rt.options(), body()).main->value() == std::tuple<int, int>{1, 2});
}

TEST_CASE("macros_try_join::two_await", "[tokio][macros_try_join]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::tuple<std::string, int>> {
    auto [tx1, rx1] = oneshot::channel<std::string>("one");
    auto [tx2, rx2] = oneshot::channel<int>("two");
    auto sender = [](oneshot::Sender<std::string> a, oneshot::Sender<int> b, std::chrono::nanoseconds gap) -> Task<> {
      co_await sleep(gap);
      b.send(123);
      co_await sleep(gap);
      a.send("hello");
    };
    auto handle = spawn(sender(std::move(tx1), std::move(tx2), rt.ms(10)), "sender");
    auto [a, b] = co_await try_join(std::move(rx1), std::move(rx2));
    (void)co_await std::move(handle);
    co_return std::tuple<std::string, int>{a.value(), b.value()};
  };
  CHECK(checked_run(rt.options(), body()).main->value() == std::tuple<std::string, int>{"hello", 123});
}

TEST_CASE("err_abort_early", "[tokio][macros_try_join]") {
  TOKIO_RUNTIMES();
  // The middle branch fails after 10 ms while the others would never finish: try_join does not
  // wait for them, it drops them and reports the error.
  auto body = [&]() -> Task<std::string> {
    try {
      co_await try_join(pending(), fails_after(rt.ms(10)), pending());
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "no error";
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() == "boom");
  CHECK_FALSE(result.report.deadlocked);
  CHECK(count(result.report.trace, EventKind::FutureDropped) == 2);
}

TEST_CASE("try_join_does_not_allow_tasks_to_starve", "[tokio][macros_try_join]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<int> {
    auto [tx, rx] = oneshot::channel<int>("ping");
    auto sender = [](oneshot::Sender<int> s) -> Task<> {
      s.send(1);
      co_return;
    };
    bool received = false;
    auto always_ready = [&]() -> Task<int> {
      while (!received) co_await sleep(0ms);
      co_return 0;
    };
    auto waiter = [&](oneshot::Receiver<int> r) -> Task<int> {
      auto v = co_await std::move(r);
      received = true;
      co_return v.value_or(-1);
    };
    auto handle = spawn(sender(std::move(tx)), "sender");
    auto [zero, v] = co_await try_join(always_ready(), waiter(std::move(rx)));
    (void)co_await std::move(handle);
    co_return zero + v;
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("macros_try_join::a_different_future_is_polled_first_every_time_poll_fn_is_polled", "[tokio][macros_try_join]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    std::vector<int> order;
    co_await try_join(take_turns(1, order), take_turns(2, order), take_turns(3, order));
    co_return order;
  };
  CHECK(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, 2, 3, 2, 3, 1, 3, 1, 2, 1, 2, 3});
}

TEST_CASE("empty_try_join", "[tokio][macros_try_join]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<bool> {
    auto nothing = co_await try_join();
    co_return std::tuple_size_v<decltype(nothing)> == 0;
  };
  CHECK(checked_run(rt.options(), body()).main->value());
}
