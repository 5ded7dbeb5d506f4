#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "wakeline/join_set.hpp"
#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/select.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {



// Counts how many of the frames holding one were destroyed (a cancelled task's frame is).
struct DropCounter {
  std::shared_ptr<std::atomic<int>> dropped;
  DropCounter(std::shared_ptr<std::atomic<int>> d) : dropped(std::move(d)) {}
  DropCounter(DropCounter&& o) noexcept : dropped(std::move(o.dropped)) {}
  ~DropCounter() {
    if (dropped) ++*dropped;
  }
};
}  // namespace

TEST_CASE("join_next returns tasks in the order they finish, not spawn order", "[join_set]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<int>> {
    JoinSet<int> set;
    set.spawn(after(scale.ms(300), 300), "300 ms");
    set.spawn(after(scale.ms(100), 100), "100 ms");
    set.spawn(after(scale.ms(200), 200), "200 ms");
    std::vector<int> order;
    while (auto done = co_await set.join_next()) order.push_back(done->value());
    co_return order;
  };
  auto result = checked_run(mode.options(), body(mode));
  auto order = result.main->value();
  if (mode.real) {
    std::sort(order.begin(), order.end());
  }
  REQUIRE(order == std::vector<int>{100, 200, 300});
  REQUIRE(mode.took(result.report, 300));
}

TEST_CASE("join_next on an empty JoinSet returns nullopt at once", "[join_set]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<bool>> {
    JoinSet<int> set;
    bool from_empty = (co_await set.join_next()).has_value();
    std::vector<bool> got{from_empty, set.is_empty()};
    set.spawn([]() -> Task<int> { co_return 1; }(), "one");
    got.push_back((co_await set.join_next()).has_value());
    got.push_back((co_await set.join_next()).has_value());
    co_return got;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<bool>{false, true, true, false});
  if (!mode.real) REQUIRE(result.report.total_ns < kMs);
}

TEST_CASE("len counts the tasks not yet returned by join_next, finished or not", "[join_set]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<std::size_t>> {
    JoinSet<int> set;
    for (int i = 1; i <= 3; ++i) set.spawn(after(scale.ms(10 * i), i), "sleeper");
    std::vector<std::size_t> len{set.len()};
    co_await sleep(scale.ms(100));
    len.push_back(set.len());  // finished or not, they count until joined
    (void)co_await set.join_next();
    len.push_back(set.len());
    while (!set.try_join_next()) co_await sleep(scale.ms(1));  // no waiting inside try_join_next
    len.push_back(set.len());
    co_return len;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<std::size_t>{3, 3, 2, 1});
}

TEST_CASE("aborting a JoinSet cancels every task: join_next reports each as cancelled", "[join_set]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<bool>> {
    JoinSet<int> set;
    for (int i = 0; i < 3; ++i) set.spawn(after(scale.ms(3'600'000), i), "sleeps an hour");
    co_await sleep(scale.ms(10));
    set.abort_all();
    std::vector<bool> cancelled;
    while (auto done = co_await set.join_next()) cancelled.push_back(done->error().is_cancelled());
    co_return cancelled;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<bool>{true, true, true});
  REQUIRE(count(result.report.trace, EventKind::TaskCancelled) == 3);
  REQUIRE(result.report.total_ns < static_cast<std::uint64_t>(mode.ms(3'600'000).count()));  // no one slept the hour
}

TEST_CASE("dropping a JoinSet aborts the tasks still in it", "[join_set]") {
  WAKELINE_MODES();
  struct Out {
    int dropped;
    int finished;
  };
  auto body = [](Mode scale) -> Task<Out> {
    auto dropped = std::make_shared<std::atomic<int>>(0);
    auto finished = std::make_shared<std::atomic<int>>(0);
    auto slow = [](DropCounter guard, std::shared_ptr<std::atomic<int>> done, std::chrono::nanoseconds d) -> Task<> {
      co_await sleep(d);
      ++*done;
      (void)guard;
    };
    {
      JoinSet<void> set;
      for (int i = 0; i < 2; ++i) set.spawn(slow(DropCounter(dropped), finished, scale.ms(3'600'000)), "slow");
      co_await sleep(scale.ms(10));
    }
    for (int i = 0; i < 1000 && dropped->load() < 2; ++i) co_await sleep(scale.ms(1));
    co_return Out{dropped->load(), finished->load()};
  };
  auto result = checked_run(mode.options(), body(mode));
  auto out = result.main->value();
  REQUIRE(out.dropped == 2);
  REQUIRE(out.finished == 0);
  REQUIRE(count(result.report.trace, EventKind::TaskCancelled) == 2);
}

TEST_CASE("shutdown aborts every task and waits until all have ended", "[join_set]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::size_t> {
    JoinSet<int> set;
    for (int i = 0; i < 4; ++i) set.spawn(after(scale.ms(3'600'000), i), "sleeps an hour");
    co_await set.shutdown();
    co_return set.len();
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == 0);
  REQUIRE(count(result.report.trace, EventKind::TaskCancelled) == 4);
}

TEST_CASE("a task that throws comes back from join_next as a failed JoinError with its message", "[join_set]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::string> {
    JoinSet<int> set;
    set.spawn([]() -> Task<int> {
      throw std::runtime_error("disk full");
      co_return 0;
    }(), "writer");
    auto done = co_await set.join_next();
    co_return done->error().is_failed() ? done->error().message : std::string("not failed");
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE_THAT(result.main->value(), Catch::Contains("disk full"));
  REQUIRE(count(result.report.trace, EventKind::TaskFailed) == 1);
}

TEST_CASE("a join_next inside a select that loses takes no result", "[join_set][select]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<int>> {
    JoinSet<int> set;
    set.spawn(after(scale.ms(50), 7), "answer");
    auto first = co_await wakeline::select(set.join_next(), nap(scale.ms(10)));
    std::vector<int> got{static_cast<int>(first.index())};  // 1: the sleep won
    got.push_back(static_cast<int>(set.len()));
    auto done = co_await set.join_next();
    got.push_back(done->value());
    co_return got;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<int>{1, 1, 7});
  REQUIRE(mode.took(result.report, 50));
}

TEST_CASE("join_next_with_id pairs each result with the id spawn returned", "[join_set]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<bool> {
    JoinSet<int> set;
    std::vector<std::pair<TaskId, int>> spawned;
    for (int i = 0; i < 5; ++i) {
      TaskId id = set.spawn(after(scale.ms(10 * (5 - i)), i), "numbered");
      spawned.emplace_back(id, i);
    }
    bool all_match = true;
    while (auto done = co_await set.join_next_with_id()) {
      auto it = std::find_if(spawned.begin(), spawned.end(), [&](const auto& s) { return s.first == done->first; });
      all_match &= it != spawned.end() && it->second == done->second.value();
      if (it != spawned.end()) spawned.erase(it);
    }
    co_return all_match && spawned.empty();
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value());
}

TEST_CASE("forty tasks on two workers all come back from join_next exactly once", "[join_set]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<int>> {
    JoinSet<int> set;
    for (int i = 0; i < 40; ++i) set.spawn(after(scale.ms(i % 7), i), "worker");
    std::vector<int> got;
    while (auto done = co_await set.join_next()) got.push_back(done->value());
    co_return got;
  };
  auto result = checked_run(mode.options(), body(mode));
  auto got = result.main->value();
  std::sort(got.begin(), got.end());
  std::vector<int> expected(40);
  for (int i = 0; i < 40; ++i) expected[static_cast<std::size_t>(i)] = i;
  REQUIRE(got == expected);
}
