// Follows tokio/tests/task_join_set.rs: tasks come back from join_next in the order they end;
// dropping the set aborts what is left in it; abort_all cancels every task, each still reported;
// try_join_next never waits.
#include <algorithm>
#include <memory>
#include <vector>

#include "conformance.hpp"
#include "wakeline/join_set.hpp"
#include "wakeline/oneshot.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using wakeline::conformance::Rt;


TEST_CASE("test_with_sleep", "[tokio][task_join_set]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    JoinSet<int> set;
    std::vector<int> lens;
    for (int i = 0; i < 10; ++i) {
      set.spawn(after(scale.ms(1), i));
      lens.push_back(static_cast<int>(set.len()));
    }
    int joined = 0;
    while (auto done = co_await set.join_next()) {
      REQUIRE(done->ok());
      ++joined;
    }
    lens.push_back(joined);
    lens.push_back(static_cast<int>(set.len()));
    auto none = co_await set.join_next();  // empty: nullopt at once
    lens.push_back(none.has_value());
    co_return lens;
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 0, 0});
}

TEST_CASE("test_abort_on_drop", "[tokio][task_join_set]") {
  // Each task holds a oneshot Sender: when the set is dropped the tasks are aborted, their
  // frames destroyed, and every receiver sees its sender gone.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    std::vector<oneshot::Receiver<int>> receivers;
    {
      JoinSet<void> set;
      for (int i = 0; i < 4; ++i) {
        auto [tx, rx] = oneshot::channel<int>();
        receivers.push_back(std::move(rx));
        set.spawn([](oneshot::Sender<int> keep, Rt pace) -> Task<> {
          co_await sleep(pace.ms(5000));
          keep.send(1);
        }(std::move(tx), scale));
      }
      co_await sleep(scale.ms(1));
    }
    int closed = 0;
    for (auto& rx : receivers) {
      auto v = co_await std::move(rx);
      closed += !v.has_value();
    }
    co_return closed;
  };
  auto result = checked_run(rt.options(), body(rt));
  REQUIRE(result.main->value() == 4);
  if (rt.is_virtual()) CHECK(result.report.total_ns < 10 * kMs);
}

TEST_CASE("alternating", "[tokio][task_join_set]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    JoinSet<int> set;
    set.spawn(after(scale.ms(1), 0));
    set.spawn(after(scale.ms(1), 0));
    int joined = 0;
    while (auto done = co_await set.join_next()) {
      ++joined;
      if (joined < 10) set.spawn(after(scale.ms(1), joined));  // keeps two in flight
      REQUIRE(set.len() <= 2);
    }
    co_return joined;
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 11);
}

TEST_CASE("abort_all", "[tokio][task_join_set]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    JoinSet<int> set;
    for (int i = 0; i < 5; ++i) set.spawn(after(scale.ms(5000), i));
    set.spawn(after(scale.ms(0), 99));
    int cancelled = 0, completed = 0;
    for (;;) {  // until the quick one has ended and come back
      auto quick = set.try_join_next();
      if (quick) {
        completed += quick->ok();
        break;
      }
      co_await sleep(scale.ms(1));
    }
    set.abort_all();
    while (auto done = co_await set.join_next()) {
      if (done->ok()) ++completed;
      else cancelled += done->error().is_cancelled();
    }
    co_return std::vector<int>{cancelled, completed, static_cast<int>(set.len())};
  };
  auto result = checked_run(rt.options(), body(rt));
  REQUIRE(result.main->value() == std::vector<int>{5, 1, 0});
  if (rt.is_virtual()) CHECK(result.report.total_ns < 10 * kMs);
}

TEST_CASE("try_join_next", "[tokio][task_join_set]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    JoinSet<int> set;
    std::vector<int> got{set.try_join_next().has_value()};  // empty set
    set.spawn(after(scale.ms(2), 7));
    got.push_back(set.try_join_next().has_value());  // not finished yet: no waiting
    auto done = set.try_join_next();
    while (!done) {  // it comes back only once it has ended
      co_await sleep(scale.ms(1));
      done = set.try_join_next();
    }
    got.push_back(done->value());
    got.push_back(static_cast<int>(set.len()));
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{0, 0, 7, 0});
}

TEST_CASE("join_set_coop (results in the order tasks end)", "[tokio][task_join_set]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    JoinSet<int> set;
    set.spawn(after(scale.ms(30), 3));
    set.spawn(after(scale.ms(10), 1));
    set.spawn(after(scale.ms(20), 2));
    std::vector<int> order;
    while (auto done = co_await set.join_next()) order.push_back(done->value());
    co_return order;
  };
  auto order = checked_run(rt.options(), body(rt)).main->value();
  if (!rt.is_virtual()) std::sort(order.begin(), order.end());  // real timers this close may fire in one batch
  REQUIRE(order == std::vector<int>{1, 2, 3});
}
