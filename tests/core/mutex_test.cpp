#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wakeline/mutex.hpp"
#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {


Task<> add_one_at_a_time(std::shared_ptr<Mutex<int>> counter, int times) {
  for (int i = 0; i < times; ++i) {
    auto guard = co_await counter->lock();
    int seen = *guard;
    co_await yield_now();  // the other task runs meanwhile: without the lock it would overwrite
    *guard = seen + 1;
  }
}

template <typename T>
Task<> hold(MutexGuard<T> guard, std::chrono::nanoseconds d) {
  co_await sleep(d);
  (void)guard;
}
}  // namespace

TEST_CASE("two tasks incrementing through a Mutex never lose an update", "[mutex]") {
  WAKELINE_MODES();
  auto body = []() -> Task<int> {
    auto counter = std::make_shared<Mutex<int>>(0, "counter");
    auto a = spawn(add_one_at_a_time(counter, 1000), "a");
    auto b = spawn(add_one_at_a_time(counter, 1000), "b");
    (void)co_await std::move(a);
    (void)co_await std::move(b);
    int total = *co_await counter->lock();
    co_return total;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == 2000);
}

TEST_CASE("a task holding the lock across a 100 ms sleep makes the others wait: they finish at 100, 200 and 300 ms",
          "[mutex]") {
  WAKELINE_MODES();
  struct Out {
    std::vector<std::uint64_t> done_at;
    std::uint64_t mutex_id;
  };
  auto body = [](Mode scale) -> Task<Out> {
    Mutex<std::vector<std::uint64_t>> log({}, "log");
    auto writer = [](Mutex<std::vector<std::uint64_t>>& m, std::chrono::nanoseconds d) -> Task<> {
      auto guard = co_await m.lock();
      co_await sleep(d);
      guard->push_back(static_cast<std::uint64_t>(now().count()));
    };
    std::vector<JoinHandle<void>> writers;
    for (int i = 0; i < 3; ++i) writers.push_back(spawn(writer(log, scale.ms(100)), "writer"));
    for (auto& w : writers) (void)co_await std::move(w);
    auto done_at = *co_await log.lock();
    co_return Out{done_at, log.channel_id()};
  };
  auto result = checked_run(mode.options(), body(mode));
  auto out = result.main->value();
  REQUIRE(out.done_at.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    auto expected = static_cast<std::uint64_t>(mode.ms(100 * static_cast<std::int64_t>(i + 1)).count());
    REQUIRE(out.done_at[i] >= expected);
    if (!mode.real) REQUIRE(out.done_at[i] < expected + kMs);
  }
  REQUIRE(mode.took(result.report, 300));
  // Two writers waited (ChannelWait, side recv) and were each handed the lock (woken: lock).
  int waits = 0, handoffs = 0, created = 0;
  for (const auto& e : result.report.trace.events) {
    if (e.a() == out.mutex_id && e.kind == EventKind::ChannelWait && e.b() == static_cast<std::uint64_t>(WaitSide::Recv))
      ++waits;
    if (e.a() == out.mutex_id && e.kind == EventKind::ChannelCreated)
      created += e.c() == (1u | (static_cast<std::uint64_t>(ChannelKind::Mutex) << 32));
    if (e.kind == EventKind::TaskWoken && e.a() == static_cast<std::uint64_t>(WakeCause::Lock) && e.b() == out.mutex_id)
      ++handoffs;
  }
  REQUIRE(created == 1);
  // On the real clock the writers hold the lock for 2 ms; on a slow machine (TSan) one may start
  // only after it is free again and take it without waiting. Every wait still ends in a handoff.
  if (!mode.real) REQUIRE(waits == 2);
  REQUIRE(waits >= 1);
  REQUIRE(handoffs == waits);
}

TEST_CASE("the lock is handed to waiters in the order they came, and the unlocker cannot take it straight back",
          "[mutex]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::string> {
    Mutex<std::string> order("", "order");
    auto guard = co_await order.lock();
    auto waiter = [](Mutex<std::string>& m, char name) -> Task<> {
      auto g = co_await m.lock();
      g->push_back(name);
    };
    std::vector<JoinHandle<void>> waiters;
    const std::string names = "abc";
    for (char name : names) {
      waiters.push_back(spawn(waiter(order, name), std::string(1, name)));
      co_await sleep(scale.ms(10));  // so they line up in this order
    }
    guard.unlock();  // handed to "a": it is not free, even though "a" has not run yet
    bool barged = order.try_lock().has_value();
    for (auto& w : waiters) (void)co_await std::move(w);
    auto text = *co_await order.lock();
    co_return text + (barged ? "!" : ".");
  };
  auto result = checked_run(mode.options(), body(mode));
  auto text = result.main->value();
  REQUIRE(text.size() == 4);
  if (!mode.real) REQUIRE(text == "abc.");
}

TEST_CASE("try_lock takes a free lock and fails on a held one", "[mutex]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<bool>> {
    Mutex<int> m(7, "m");
    std::vector<bool> got;
    auto first = m.try_lock();
    got.push_back(first.has_value() && **first == 7);
    got.push_back(m.try_lock().has_value());
    first.reset();
    got.push_back(m.try_lock().has_value());
    co_return got;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<bool>{true, false, true});
}

TEST_CASE("a lock() inside a select that loses does not leak the lock", "[mutex][select]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<int>> {
    Mutex<int> m(0, "m");
    auto held = co_await m.lock();
    auto holder = spawn(hold(std::move(held), scale.ms(100)), "holder");
    auto first = co_await wakeline::select(m.lock(), nap(scale.ms(10)));
    std::vector<int> seen{static_cast<int>(first.index())};  // 1: the sleep won, the lock() was dropped
    {
      auto guard = co_await m.lock();  // handed over when the holder lets go at 100 ms
      *guard = 42;
    }
    (void)co_await std::move(holder);
    auto again = m.try_lock();
    seen.push_back(again ? **again : -1);
    co_return seen;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<int>{1, 42});
  REQUIRE(mode.took(result.report, 100));
  int dropped = 0;
  for (const auto& e : result.report.trace.events) dropped += e.kind == EventKind::FutureDropped;
  REQUIRE(dropped == 1);
}

TEST_CASE("a waiter aborted after being handed the lock passes it on to the next", "[mutex]") {
  WAKELINE_MODES();
  struct Out {
    bool first_cancelled;
    bool first_ran;
    bool second_ok;
    bool free_at_end;
  };
  auto body = [](Mode scale) -> Task<Out> {
    Mutex<int> m(0, "m");
    auto guard = co_await m.lock();
    auto ran = std::make_shared<std::atomic<bool>>(false);
    auto first = spawn([](Mutex<int>& mx, std::shared_ptr<std::atomic<bool>> flag) -> Task<> {
      auto g = co_await mx.lock();
      *flag = true;
    }(m, ran), "first");
    co_await sleep(scale.ms(10));
    auto second = spawn([](Mutex<int>& mx) -> Task<> { auto g = co_await mx.lock(); }(m), "second");
    co_await sleep(scale.ms(10));
    guard.unlock();  // handed to "first", which is aborted before it can run
    first.abort();
    auto first_result = co_await std::move(first);
    auto second_result = co_await std::move(second);
    co_return Out{!first_result.ok(), ran->load(), second_result.ok(), m.try_lock().has_value()};
  };
  auto result = checked_run(mode.options(), body(mode));
  auto out = result.main->value();
  REQUIRE(out.second_ok);
  REQUIRE(out.free_at_end);
  if (!mode.real) {
    REQUIRE(out.first_cancelled);
    REQUIRE_FALSE(out.first_ran);
  }
}

TEST_CASE("a task waiting for a lock that is never released is reported as a deadlock: lock 'config'",
          "[mutex][deadlock]") {
  WAKELINE_MODES();
  auto body = []() -> Task<> {
    Mutex<int> config(0, "config");
    auto guard = co_await config.lock();
    auto reader = spawn([](Mutex<int>& m) -> Task<> { auto g = co_await m.lock(); }(config), "reader");
    (void)co_await std::move(reader);  // holds the lock while waiting for the task that wants it
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.report.deadlocked);
  bool named = false;
  for (const auto& e : result.report.trace.run.deadlock)
    named |= e.task_name == "reader" && e.waits_on == "lock 'config'";
  REQUIRE(named);
}

TEST_CASE("a thousand uncontended locks in a row still yield to the scheduler when the budget runs out", "[mutex]") {
  WAKELINE_MODES();
  auto body = []() -> Task<int> {
    Mutex<int> m(0, "m");
    for (int i = 0; i < 1000; ++i) {
      auto guard = co_await m.lock();
      ++*guard;
    }
    int total = *co_await m.lock();
    co_return total;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == 1000);
  int yields = 0;
  for (const auto& e : result.report.trace.events)
    yields += e.kind == EventKind::TaskWoken && e.a() == static_cast<std::uint64_t>(WakeCause::Yield);
  REQUIRE(yields >= 1000 / 128);  // the default budget is 128 operations per poll
}

TEST_CASE("four tasks on two workers adding 500 each through a Mutex reach 2000", "[mutex]") {
  WAKELINE_MODES();
  auto body = []() -> Task<int> {
    auto counter = std::make_shared<Mutex<int>>(0, "counter");
    std::vector<JoinHandle<void>> adders;
    for (int i = 0; i < 4; ++i) adders.push_back(spawn(add_one_at_a_time(counter, 500), "adder"));
    for (auto& a : adders) (void)co_await std::move(a);
    int total = *co_await counter->lock();
    co_return total;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == 2000);
}
