#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/io.hpp"
#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/select.hpp"
#include "wakeline/semaphore.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

int count_woken(const Trace& trace, WakeCause cause, std::uint64_t source) {
  int n = 0;
  for (const auto& e : trace.events)
    n += e.kind == EventKind::TaskWoken && e.a() == static_cast<std::uint64_t>(cause) && e.b() == source;
  return n;
}

// Tasks inside a section at once: now, and the most ever seen.
struct InFlight {
  std::atomic<int> now{0};
  std::atomic<int> max{0};
  void enter() {
    int n = ++now;
    int m = max.load();
    while (n > m && !max.compare_exchange_weak(m, n)) {
    }
  }
  void leave() { --now; }
};

Task<std::size_t> fetch_page(Semaphore& sem, InFlight& flight, std::string url, std::chrono::nanoseconds latency) {
  auto permit = co_await sem.acquire();
  flight.enter();
  auto body = co_await fake_fetch(std::move(url), latency);
  flight.leave();
  co_return body.size();
}

// What tasks did, in order; tasks on different workers may append at once.
struct Log {
  std::mutex lock;
  std::string text;
  void add(std::string_view s) {
    std::lock_guard guard(lock);
    text += s;
  }
};


Task<> hold(Permit permit, std::chrono::nanoseconds d) {
  co_await sleep(d);
  (void)permit;
}
}  // namespace

TEST_CASE("a semaphore of 3 keeps at most 3 fetches in flight: 12 pages of 1000 ms take 4000 ms", "[semaphore]") {
  WAKELINE_MODES();
  struct Out {
    int max_in_flight;
    std::uint64_t sem_id;
  };
  auto body = [](Mode scale) -> Task<Out> {
    Semaphore sem(3, "fetches");
    InFlight flight;
    std::vector<JoinHandle<std::size_t>> pages;
    for (int i = 0; i < 12; ++i)
      pages.push_back(spawn(fetch_page(sem, flight, "page " + std::to_string(i), scale.ms(1000)), "fetch"));
    for (auto& page : pages) (void)co_await std::move(page);
    co_return Out{flight.max.load(), sem.channel_id()};
  };
  auto result = checked_run(mode.options(), body(mode));
  auto out = result.main->value();
  if (mode.real) REQUIRE(out.max_in_flight <= 3); else REQUIRE(out.max_in_flight == 3);
  REQUIRE(mode.took(result.report, 4000));
  // The 9 fetches that had to wait were each handed a permit by a release.
  REQUIRE(count_woken(result.report.trace, WakeCause::Lock, out.sem_id) == 9);
  int created = 0;
  for (const auto& e : result.report.trace.events)
    if (e.kind == EventKind::ChannelCreated && e.a() == out.sem_id)
      created += e.c() == (3u | (static_cast<std::uint64_t>(ChannelKind::Semaphore) << 32));
  REQUIRE(created == 1);
}

TEST_CASE("dropping a Permit gives its permits back, and available_permits counts them", "[semaphore]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<std::size_t>> {
    Semaphore sem(2, "pool");
    std::vector<std::size_t> seen;
    auto a = co_await sem.acquire();
    seen.push_back(sem.available_permits());  // 1
    auto b = sem.try_acquire();
    seen.push_back(sem.available_permits());  // 0
    seen.push_back(sem.try_acquire() ? 1 : 0);  // none left: empty Permit
    a.release();
    seen.push_back(sem.available_permits());  // 1
    { auto dropped = std::move(b); }
    seen.push_back(sem.available_permits());  // 2
    auto both = co_await sem.acquire(2);
    seen.push_back(both.count());  // 2
    seen.push_back(sem.available_permits());  // 0
    co_return seen;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<std::size_t>{1, 0, 0, 1, 2, 2, 0});
}

TEST_CASE("acquire is first come, first served: a later request for 1 waits behind an earlier one for 2",
          "[semaphore]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::string> {
    Semaphore sem(2, "pool");
    auto first = co_await sem.acquire();
    auto second = co_await sem.acquire();
    auto order = std::make_shared<Log>();
    auto taker = [](Semaphore& s, std::size_t n, std::shared_ptr<Log> log, std::string name,
                    std::chrono::nanoseconds d) -> Task<> {
      auto permit = co_await s.acquire(n);
      log->add(name);
      co_await sleep(d);
    };
    auto big = spawn(taker(sem, 2, order, "2", scale.ms(10)), "wants 2");
    co_await sleep(scale.ms(10));
    auto small = spawn(taker(sem, 1, order, "1", scale.ms(10)), "wants 1");
    co_await sleep(scale.ms(10));
    first.release();  // one free permit: enough for "wants 1", but "wants 2" came first
    co_await sleep(scale.ms(10));
    order->add(sem.try_acquire() ? "!" : ".");  // nor can a newcomer take it
    second.release();
    (void)co_await std::move(big);
    (void)co_await std::move(small);
    order->add(std::to_string(sem.available_permits()));
    co_return order->text;
  };
  auto result = checked_run(mode.options(), body(mode));
  auto order = result.main->value();
  if (mode.real) REQUIRE(order.back() == '2'); else REQUIRE(order == ".212");
}

TEST_CASE("add_permits lets a waiting task in at once", "[semaphore]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::uint64_t> {
    Semaphore sem(0, "gate");
    auto waiter = spawn([](Semaphore& s) -> Task<std::uint64_t> {
      auto permit = co_await s.acquire();
      co_return static_cast<std::uint64_t>(now().count());
    }(sem), "waiter");
    co_await sleep(scale.ms(100));
    sem.add_permits(1);
    co_return (co_await std::move(waiter)).value();
  };
  auto result = checked_run(mode.options(), body(mode));
  auto admitted_at = result.main->value();
  REQUIRE(admitted_at >= static_cast<std::uint64_t>(mode.ms(100).count()));
  if (!mode.real) REQUIRE(admitted_at < 101 * kMs);
}

TEST_CASE("closing a semaphore wakes its waiters with no permit, and later acquires fail", "[semaphore]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<bool>> {
    Semaphore sem(0, "closing");
    auto try_it = [](Semaphore& s) -> Task<bool> { co_return static_cast<bool>(co_await s.acquire()); };
    auto a = spawn(try_it(sem), "a");
    auto b = spawn(try_it(sem), "b");
    co_await sleep(scale.ms(10));
    sem.close();
    std::vector<bool> got;
    got.push_back((co_await std::move(a)).value());
    got.push_back((co_await std::move(b)).value());
    got.push_back(static_cast<bool>(co_await sem.acquire()));
    sem.add_permits(1);
    got.push_back(static_cast<bool>(sem.try_acquire()));
    got.push_back(sem.is_closed());
    co_return got;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<bool>{false, false, false, false, true});
  int closes = 0;
  for (const auto& e : result.report.trace.events) closes += e.kind == EventKind::ChannelClose;
  REQUIRE(closes == 1);
}

TEST_CASE("an acquire() inside a select that loses does not leak the permit", "[semaphore][select]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<std::size_t>> {
    Semaphore sem(1, "one");
    auto held = co_await sem.acquire();
    auto holder = spawn(hold(std::move(held), scale.ms(100)), "holder");
    auto first = co_await wakeline::select(sem.acquire(), nap(scale.ms(10)));
    std::vector<std::size_t> seen{first.index()};  // 1: the sleep won, the acquire was dropped
    auto permit = co_await sem.acquire();          // granted when the holder lets go
    seen.push_back(permit.count());
    permit.release();
    (void)co_await std::move(holder);
    seen.push_back(sem.available_permits());
    co_return seen;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<std::size_t>{1, 1, 1});
  REQUIRE(mode.took(result.report, 100));
}

TEST_CASE("a waiter aborted after being handed the permit passes it on to the next", "[semaphore]") {
  WAKELINE_MODES();
  struct Out {
    bool first_cancelled;
    bool first_ran;
    bool second_ok;
    std::size_t available;
  };
  auto body = [](Mode scale) -> Task<Out> {
    Semaphore sem(1, "one");
    auto permit = co_await sem.acquire();
    auto ran = std::make_shared<std::atomic<bool>>(false);
    auto first = spawn([](Semaphore& s, std::shared_ptr<std::atomic<bool>> flag) -> Task<> {
      auto p = co_await s.acquire();
      *flag = true;
    }(sem, ran), "first");
    co_await sleep(scale.ms(10));
    auto second = spawn([](Semaphore& s) -> Task<> { auto p = co_await s.acquire(); }(sem), "second");
    co_await sleep(scale.ms(10));
    permit.release();  // handed to "first", which is aborted before it can run
    first.abort();
    auto first_result = co_await std::move(first);
    auto second_result = co_await std::move(second);
    co_return Out{!first_result.ok(), ran->load(), second_result.ok(), sem.available_permits()};
  };
  auto result = checked_run(mode.options(), body(mode));
  auto out = result.main->value();
  REQUIRE(out.second_ok);
  REQUIRE(out.available == 1);
  if (!mode.real) {
    REQUIRE(out.first_cancelled);
    REQUIRE_FALSE(out.first_ran);
  }
}

TEST_CASE("a task waiting for a permit that never comes is reported as a deadlock, by name", "[semaphore][deadlock]") {
  WAKELINE_MODES();
  auto body = []() -> Task<> {
    Semaphore sem(0, "db pool");
    auto stuck = spawn([](Semaphore& s) -> Task<> { auto p = co_await s.acquire(); }(sem), "query");
    (void)co_await std::move(stuck);
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.report.deadlocked);
  bool named = false;
  for (const auto& e : result.report.trace.run.deadlock)
    named |= e.task_name == "query" && e.waits_on == "permit of semaphore 'db pool'";
  REQUIRE(named);
}

TEST_CASE("eight tasks taking a semaphore of 2 two hundred times each never have 3 inside", "[semaphore]") {
  WAKELINE_MODES();
  struct Out {
    int max_inside;
    int entries;
  };
  auto body = []() -> Task<Out> {
    auto sem = std::make_shared<Semaphore>(2, "pair");
    auto flight = std::make_shared<InFlight>();
    auto total = std::make_shared<std::atomic<int>>(0);
    std::vector<JoinHandle<void>> workers;
    for (int w = 0; w < 8; ++w)
      workers.push_back(spawn([](std::shared_ptr<Semaphore> s, std::shared_ptr<InFlight> f,
                                 std::shared_ptr<std::atomic<int>> n) -> Task<> {
        for (int i = 0; i < 200; ++i) {
          auto permit = co_await s->acquire();
          f->enter();
          co_await yield_now();  // hold it across a suspension, as real code would
          ++*n;
          f->leave();
        }
      }(sem, flight, total), "worker"));
    for (auto& w : workers) (void)co_await std::move(w);
    co_return Out{flight->max.load(), total->load()};
  };
  auto result = checked_run(mode.options(), body());
  auto out = result.main->value();
  REQUIRE(out.entries == 1600);
  REQUIRE(out.max_inside <= 2);
}
