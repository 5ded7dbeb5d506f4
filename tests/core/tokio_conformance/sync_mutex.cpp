// Follows tokio/tests/sync_mutex.rs: an async lock held across awaits, handed to waiters in
// order, a lock attempt dropped while waiting (aborted, or its select lost) leaves the mutex
// usable; and a guard released on a thread outside the runtime.
#include <algorithm>
#include <optional>
#include <thread>
#include <vector>

#include "conformance.hpp"
#include "wakeline/mutex.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using wakeline::conformance::Rt;

namespace {
Task<int> add_one(Mutex<int>& m) {
  auto guard = co_await m.lock();
  *guard += 1;
  co_return *guard;
}
}  // namespace

TEST_CASE("straight_execution", "[tokio][sync_mutex]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<int> {
    Mutex<int> m(100);
    {
      auto g = co_await m.lock();
      REQUIRE(*g == 100);
      *g = 99;
    }
    {
      auto g = co_await m.lock();
      *g = 98;
    }
    auto g = co_await m.lock();
    co_return *g;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == 98);
}

TEST_CASE("readiness", "[tokio][sync_mutex]") {
  // A second lock waits while the first guard lives, and gets the lock when it is dropped.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    Mutex<int> m(0);
    auto g = co_await m.lock();
    auto waiting = spawn(add_one(m));
    co_await sleep(scale.ms(2));
    REQUIRE_FALSE(waiting.is_finished());
    *g = 10;
    g.unlock();
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 11);
}

TEST_CASE("aborted_future_1", "[tokio][sync_mutex]") {
  // A task aborted while it waits for the lock never holds it: the next lock still succeeds.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    Mutex<int> m(0);
    {
      auto g = co_await m.lock();
      auto waiting = spawn(add_one(m));
      co_await sleep(scale.ms(2));
      waiting.abort();
      auto r = co_await std::move(waiting);
      REQUIRE(r.error().is_cancelled());
    }
    co_return co_await add_one(m);
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 1);
}

TEST_CASE("aborted_future_2", "[tokio][sync_mutex][select]") {
  // A lock attempt dropped because its select lost gives back whatever it was handed.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    Mutex<int> m(0);
    {
      auto g = co_await m.lock();
      auto first = co_await select(m.lock(), sleep(scale.ms(2)));
      REQUIRE(first.index() == 1);
    }
    co_return co_await add_one(m);
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 1);
}

TEST_CASE("try_lock", "[tokio][sync_mutex]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    Mutex<int> m(0);
    std::vector<int> got;
    {
      auto g1 = m.try_lock();
      got.push_back(g1.has_value());
      got.push_back(m.try_lock().has_value());
    }
    got.push_back(m.try_lock().has_value());
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, 0, 1});
}

TEST_CASE("lock_order (waiters get the lock first come, first served)", "[tokio][sync_mutex]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    Mutex<std::vector<int>> m({});
    auto g = co_await m.lock();
    std::vector<JoinHandle<void>> tasks;
    for (int i = 1; i <= 3; ++i) {
      tasks.push_back(spawn([](Mutex<std::vector<int>>& mutex, int n) -> Task<> {
        auto guard = co_await mutex.lock();
        guard->push_back(n);
      }(m, i)));
      co_await sleep(scale.ms(1));  // each is waiting before the next arrives
    }
    g.unlock();
    for (auto& t : tasks) (void)co_await std::move(t);
    auto done = co_await m.lock();
    co_return *done;
  };
  auto order = checked_run(rt.options(), body(rt)).main->value();
  // On the real clock the waiters' arrival order is the threads' to decide; the lock follows it.
  if (!rt.is_virtual()) std::sort(order.begin(), order.end());
  REQUIRE(order == std::vector<int>{1, 2, 3});
}

TEST_CASE("readiness (the guard released on a std::thread)", "[tokio][sync_mutex][thread]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    Mutex<int> m(0, "state");
    auto g = co_await m.lock();
    auto waiting = spawn(add_one(m), "waiter");
    co_await sleep(scale.ms(2));
    std::thread([guard = std::move(g)]() mutable { guard.unlock(); }).join();
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 1);
}
