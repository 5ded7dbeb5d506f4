// tokio/tests/macros_join.rs, case by case: join drives its branches concurrently inside the
// calling task, waits for all of them, and takes turns: each poll starts at the next branch.
#include <string>
#include <tuple>
#include <vector>

#include "conformance.hpp"
#include "wakeline/io.hpp"
#include "wakeline/join.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {



std::vector<std::string> printed(const Trace& trace) {
  std::vector<std::string> out;
  for (const auto& e : trace.events)
    if (e.kind == EventKind::Print) out.emplace_back(trace.str(static_cast<StringId>(e.a())));
  return out;
}

}  // namespace

TEST_CASE("sync_one_lit_expr_comma", "[tokio][macros_join]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::tuple<int>> { co_return co_await join(ready(1)); };
  CHECK(checked_run(rt.options(), body()).main->value() == std::tuple<int>{1});
}

TEST_CASE("sync_two_lit_expr_comma", "[tokio][macros_join]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::tuple<int, int>> { co_return co_await join(ready(1), ready(2)); };
  CHECK(checked_run(rt.options(), body()).main->value() == std::tuple<int, int>{1, 2});
}

TEST_CASE("two_await", "[tokio][macros_join]") {
  TOKIO_RUNTIMES();
  // Neither receiver is ready when the join starts; it completes once both values came.
  auto body = [&]() -> Task<std::tuple<std::string, int>> {
    auto [tx1, rx1] = oneshot::channel<std::string>("one");
    auto [tx2, rx2] = oneshot::channel<int>("two");
    auto sender = [](oneshot::Sender<std::string> a, oneshot::Sender<int> b, std::chrono::nanoseconds gap) -> Task<> {
      co_await sleep(gap);
      a.send("hello");
      co_await sleep(gap);
      b.send(123);
    };
    auto handle = spawn(sender(std::move(tx1), std::move(tx2), rt.ms(10)), "sender");
    auto [a, b] = co_await join(std::move(rx1), std::move(rx2));
    (void)co_await std::move(handle);
    co_return std::tuple<std::string, int>{a.value(), b.value()};
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() == std::tuple<std::string, int>{"hello", 123});
  CHECK(result.report.total_ns >= static_cast<std::uint64_t>(rt.ms(20).count()));
}

TEST_CASE("join_does_not_allow_tasks_to_starve", "[tokio][macros_join]") {
  TOKIO_RUNTIMES();
  // One branch is always ready (a zero sleep) and loops until the other branch has its message;
  // the message comes from another task. The cooperative budget makes the joining task yield, so
  // that task gets to run even on current_thread.
  auto body = []() -> Task<int> {
    auto [tx, rx] = oneshot::channel<int>("ping");
    auto sender = [](oneshot::Sender<int> s) -> Task<> {
      s.send(1);
      co_return;
    };
    bool received = false;
    int spins = 0;
    auto always_ready = [&]() -> Task<> {
      while (!received) {
        ++spins;
        co_await sleep(0ms);
      }
    };
    auto waiter = [&](oneshot::Receiver<int> r) -> Task<int> {
      auto v = co_await std::move(r);
      received = true;
      co_return v.value_or(-1);
    };
    auto handle = spawn(sender(std::move(tx)), "sender");
    auto [unit, v] = co_await join(always_ready(), waiter(std::move(rx)));
    (void)unit;
    (void)co_await std::move(handle);
    co_return v;
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("a_different_future_is_polled_first_every_time_poll_fn_is_polled", "[tokio][macros_join]") {
  TOKIO_RUNTIMES();
  const std::vector<int> tokio_order{1, 2, 3, 2, 3, 1, 3, 1, 2, 1, 2, 3};
  SECTION("join") {
    auto body = []() -> Task<std::vector<int>> {
      std::vector<int> order;
      co_await join(take_turns(1, order), take_turns(2, order), take_turns(3, order));
      co_return order;
    };
    auto result = checked_run(rt.options(), body());
    CHECK(result.main->value() == tokio_order);
    // The recorded trace shows the same turns: each branch prints before it yields.
    std::vector<std::string> lines;
    for (int n : tokio_order) lines.push_back("branch " + std::to_string(n));
    CHECK(printed(result.report.trace) == lines);
  }
  SECTION("join_all") {
    auto body = []() -> Task<std::vector<int>> {
      std::vector<int> order;
      std::vector<Task<>> branches;
      for (int n = 1; n <= 3; ++n) branches.push_back(take_turns(n, order));
      co_await join_all(std::move(branches));
      co_return order;
    };
    CHECK(checked_run(rt.options(), body()).main->value() == tokio_order);
  }
}

TEST_CASE("empty_join", "[tokio][macros_join]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<bool> {
    auto nothing = co_await join();
    co_return std::tuple_size_v<decltype(nothing)> == 0;
  };
  CHECK(checked_run(rt.options(), body()).main->value());
}

TEST_CASE("join_into_future", "[tokio][macros_join]") {
  TOKIO_RUNTIMES();
  // join takes any awaitable, not only a Task: here a JoinHandle and a sleep.
  auto body = [&]() -> Task<int> {
    auto child = []() -> Task<int> { co_return 7; };
    auto handle = spawn(child(), "child");
    auto [joined, slept] = co_await join(std::move(handle), sleep(rt.ms(5)));
    (void)slept;
    co_return joined.value();
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 7);
}
