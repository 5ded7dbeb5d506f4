#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"
#include "wakeline/watch.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {



// (value, time) for every change a receiver saw, until the sender was gone.
Task<std::vector<std::pair<int, std::uint64_t>>> follow(watch::Receiver<int> rx) {
  std::vector<std::pair<int, std::uint64_t>> seen;
  while (co_await rx.changed()) seen.emplace_back(*rx.borrow_and_update(), static_cast<std::uint64_t>(now().count()));
  co_return seen;
}
}  // namespace

TEST_CASE("a watch receiver reads the initial value, then wakes for each change: at 100 and 200 ms", "[watch]") {
  WAKELINE_MODES();
  struct Out {
    int initial;
    std::vector<std::pair<int, std::uint64_t>> seen;
  };
  auto body = [](Mode scale) -> Task<Out> {
    auto [tx, rx] = watch::channel<int>(0, "config");
    int initial = *rx.borrow();
    auto follower = spawn(follow(std::move(rx)), "follower");
    co_await sleep(scale.ms(100));
    tx.send(1);
    co_await sleep(scale.ms(100));
    tx.send(2);
    tx.close();
    auto seen = (co_await std::move(follower)).value();
    co_return Out{initial, seen};
  };
  auto result = checked_run(mode.options(), body(mode));
  auto out = result.main->value();
  REQUIRE(out.initial == 0);
  REQUIRE(!out.seen.empty());
  REQUIRE(out.seen.back().first == 2);
  if (!mode.real) {
    REQUIRE(out.seen.size() == 2);
    REQUIRE(out.seen[0].first == 1);
    REQUIRE(out.seen[0].second >= 100 * kMs);
    REQUIRE(out.seen[0].second < 101 * kMs);
    REQUIRE(out.seen[1].second >= 200 * kMs);
    REQUIRE(out.seen[1].second < 201 * kMs);
  }
  // Versions are the sequence numbers: sends 1 and 2, each received once, one close.
  const auto& trace = result.report.trace;
  auto id = channel_named(trace, "config");
  std::vector<std::uint64_t> sent, received;
  int waits = 0, closes = 0, created = 0;
  for (const auto& e : trace.events) {
    if (e.a() != id) continue;
    if (e.kind == EventKind::ChannelCreated) created += (e.c() >> 32) == static_cast<std::uint64_t>(ChannelKind::Watch);
    if (e.kind == EventKind::ChannelSend) sent.push_back(e.b());
    if (e.kind == EventKind::ChannelRecv) received.push_back(e.b());
    waits += e.kind == EventKind::ChannelWait;
    closes += e.kind == EventKind::ChannelClose;
  }
  REQUIRE(created == 1);
  REQUIRE(sent == std::vector<std::uint64_t>{1, 2});
  REQUIRE(closes == 1);
  if (!mode.real) {
    REQUIRE(received == std::vector<std::uint64_t>{1, 2});
    REQUIRE(waits == 2);  // one before each change; the close came with the second
  }
}

TEST_CASE("a watch receiver that falls behind sees only the latest value, not every step", "[watch]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<int>(0, "progress");
    tx.send(1);
    tx.send(2);
    tx.send(3);
    std::vector<int> got;
    got.push_back(co_await rx.changed());
    got.push_back(*rx.borrow());
    got.push_back(rx.has_changed().value());  // 3 is marked seen: nothing new
    co_return got;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<int>{1, 3, 0});
}

TEST_CASE("changed() still reports a value sent just before the sender was dropped, then returns false", "[watch]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<int>(0, "last words");
    auto parked = spawn([](watch::Receiver<int> in) -> Task<bool> {
      co_return co_await in.changed();
    }(tx.subscribe()), "parked");  // waits in changed() and is woken by the drop
    co_await sleep(scale.ms(10));
    std::vector<int> got;
    {
      auto gone = std::move(tx);
      gone.send(5);
    }
    got.push_back(co_await rx.changed());  // 5 was not seen yet
    got.push_back(*rx.borrow());
    got.push_back(co_await rx.changed());  // nothing new and no sender: false
    co_return got;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<int>{1, 5, 0});
}

TEST_CASE("a receiver waiting in changed() is woken by the sender's drop and gets false", "[watch]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<bool> {
    auto [tx, rx] = watch::channel<int>(0, "quiet");
    auto parked = spawn([](watch::Receiver<int> in) -> Task<bool> { co_return co_await in.changed(); }(std::move(rx)),
                        "parked");
    co_await sleep(scale.ms(10));
    tx.close();
    co_return (co_await std::move(parked)).value();
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == false);
}

TEST_CASE("send fails and keeps the old value once every receiver is gone, send_replace stores anyway", "[watch]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<int>(0, "orphan");
    std::vector<int> got;
    { auto gone = std::move(rx); }
    got.push_back(tx.send(1));
    got.push_back(*tx.borrow());
    got.push_back(tx.send_replace(2));  // returns the value it replaced
    got.push_back(*tx.borrow());
    auto back = tx.subscribe();  // has seen 2
    got.push_back(tx.send(3));
    got.push_back(co_await back.changed());
    got.push_back(*back.borrow());
    co_return got;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<int>{0, 0, 0, 2, 1, 1, 3});
}

TEST_CASE("borrow leaves a change unseen, borrow_and_update marks it seen", "[watch]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<std::string>("off", "switch");
    auto copy = rx;  // a copy has seen what the original had seen
    tx.send("on");
    std::vector<int> got;
    got.push_back(*rx.borrow() == "on");
    got.push_back(rx.has_changed().value());
    got.push_back(*rx.borrow_and_update() == "on");
    got.push_back(rx.has_changed().value());
    got.push_back(copy.has_changed().value());
    co_return got;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<int>{1, 1, 1, 0, 1});
}

TEST_CASE("a changed() inside a select that loses leaves the change to be seen later", "[watch][select]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<int>(0, "flag");
    auto first = co_await wakeline::select(rx.changed(), nap(scale.ms(10)));
    std::vector<int> got{static_cast<int>(first.index())};  // 1: the sleep won
    tx.send(9);  // must not touch the dropped changed()'s waiter
    got.push_back(rx.has_changed().value());
    got.push_back(co_await rx.changed());
    got.push_back(*rx.borrow());
    co_return got;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<int>{1, 1, 1, 9});
}

TEST_CASE("watchers on two workers see a counter rise to 1000 without ever going back", "[watch]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<std::pair<int, bool>>> {
    auto [tx, rx] = watch::channel<int>(0, "counter");
    auto watcher = [](watch::Receiver<int> in) -> Task<std::pair<int, bool>> {
      int last = 0;
      bool rising = true;
      while (co_await in.changed()) {
        int v = *in.borrow_and_update();  // borrow() could show a newer value that changed() then reports again
        rising &= v > last;
        last = v;
      }
      co_return std::pair<int, bool>(last, rising);
    };
    std::vector<JoinHandle<std::pair<int, bool>>> watchers;
    for (int i = 0; i < 3; ++i) watchers.push_back(spawn(watcher(rx), "watcher"));
    for (int i = 1; i <= 1000; ++i) {
      tx.send(i);
      if (i % 10 == 0) co_await yield_now();
    }
    tx.close();
    std::vector<std::pair<int, bool>> all;
    for (auto& w : watchers) all.push_back((co_await std::move(w)).value());
    co_return all;
  };
  auto result = checked_run(mode.options(), body());
  for (const auto& [last, rising] : result.main->value()) {
    REQUIRE(last == 1000);
    REQUIRE(rising);
  }
}
