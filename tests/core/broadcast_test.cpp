#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/broadcast.hpp"
#include "test_support.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {


// What a receiver got, one entry per recv: the value, "lagged N", or "closed" (then it stops).
Task<std::vector<std::string>> drain(broadcast::Receiver<int> rx) {
  std::vector<std::string> got;
  for (;;) {
    auto r = co_await rx.recv();
    if (r.is_closed()) break;
    got.push_back(r.is_lagged() ? "lagged " + std::to_string(r.lagged) : std::to_string(*r.value));
  }
  got.push_back("closed");
  co_return got;
}

std::vector<const Event*> events_of(const Trace& trace, EventKind kind, std::string_view channel) {
  std::uint64_t id = channel_named(trace, channel);
  std::vector<const Event*> out;
  for (const auto& e : trace.events)
    if (e.kind == kind && e.a() == id) out.push_back(&e);
  return out;
}
}  // namespace

TEST_CASE("every broadcast receiver sees every message sent after it subscribed", "[broadcast]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<std::vector<std::string>>> {
    auto [tx, early] = broadcast::channel<int>(16, "news");
    tx.send(1);
    auto late = tx.subscribe();
    auto a = spawn(drain(std::move(early)), "early");
    auto b = spawn(drain(std::move(late)), "late");
    tx.send(2);
    tx.send(3);
    tx.close();
    std::vector<std::vector<std::string>> got;
    got.push_back((co_await std::move(a)).value());
    got.push_back((co_await std::move(b)).value());
    co_return got;
  };
  auto result = checked_run(mode.options(), body());
  auto got = result.main->value();
  REQUIRE(got[0] == std::vector<std::string>{"1", "2", "3", "closed"});
  REQUIRE(got[1] == std::vector<std::string>{"2", "3", "closed"});
}

TEST_CASE("a slow broadcast receiver sees Lagged(2) and then the newest messages", "[broadcast]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<std::string>> {
    auto [tx, rx] = broadcast::channel<int>(2, "ticks");
    for (int i = 1; i <= 4; ++i) tx.send(i);  // the ring keeps 3 and 4; 1 and 2 are overwritten
    tx.close();
    co_return co_await drain(std::move(rx));
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<std::string>{"lagged 2", "3", "4", "closed"});
  const auto& trace = result.report.trace;
  auto sends = events_of(trace, EventKind::ChannelSend, "ticks");
  REQUIRE(sends.size() == 4);
  std::vector<std::uint64_t> buffered;
  for (auto* e : sends) buffered.push_back(e->c());
  REQUIRE(buffered == std::vector<std::uint64_t>{1, 2, 2, 2});
  auto recvs = events_of(trace, EventKind::ChannelRecv, "ticks");
  REQUIRE(recvs.size() == 2);
  REQUIRE(recvs[0]->b() == 2);  // sequence numbers count from 0: "3" is message 2
  REQUIRE(recvs[1]->b() == 3);
}

TEST_CASE("a broadcast message stays buffered until every receiver has read it", "[broadcast]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<std::size_t>> {
    auto [tx, rx1] = broadcast::channel<std::string>(8, "status");
    auto rx2 = tx.subscribe();
    tx.send("up");
    std::vector<std::size_t> len{tx.len()};
    auto first = co_await rx1.recv();
    len.push_back(tx.len());
    auto second = co_await rx2.recv();
    len.push_back(tx.len());
    len.push_back(*first.value == "up" && *second.value == "up");
    co_return len;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<std::size_t>{1, 1, 0, 1});
  auto recvs = events_of(result.report.trace, EventKind::ChannelRecv, "status");
  REQUIRE(recvs.size() == 2);
  REQUIRE(recvs[0]->b() == 0);
  REQUIRE(recvs[1]->b() == 0);  // the same message, once per receiver
  REQUIRE(recvs[0]->c() == 1);
  REQUIRE(recvs[1]->c() == 0);
}

TEST_CASE("send returns how many receivers it reached, and 0 once there are none", "[broadcast]") {
  WAKELINE_MODES();
  auto body = []() -> Task<std::vector<std::size_t>> {
    auto [tx, rx1] = broadcast::channel<int>(4, "alerts");
    std::vector<std::size_t> reached;
    {
      auto rx2 = tx.subscribe();
      reached.push_back(tx.send(1));
    }
    reached.push_back(tx.send(2));
    { auto gone = std::move(rx1); }
    reached.push_back(tx.send(3));
    reached.push_back(tx.receiver_count());
    co_return reached;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == std::vector<std::size_t>{2, 1, 0, 0});
  REQUIRE(events_of(result.report.trace, EventKind::ChannelSend, "alerts").size() == 2);  // the third went nowhere
}

TEST_CASE("a waiting broadcast receiver wakes when a message is sent 100 ms later", "[broadcast]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::uint64_t> {
    auto [tx, rx] = broadcast::channel<int>(4, "later");
    auto listener = spawn([](broadcast::Receiver<int> in) -> Task<std::uint64_t> {
      auto r = co_await in.recv();
      co_return r.ok() ? static_cast<std::uint64_t>(now().count()) : 0;
    }(std::move(rx)), "listener");
    co_await sleep(scale.ms(100));
    tx.send(5);
    co_return (co_await std::move(listener)).value();
  };
  auto result = checked_run(mode.options(), body(mode));
  auto woke_at = result.main->value();
  REQUIRE(woke_at >= static_cast<std::uint64_t>(mode.ms(100).count()));
  if (!mode.real) REQUIRE(woke_at < 101 * kMs);
  const auto& trace = result.report.trace;
  // On the real clock a slow machine (or a sanitizer) may not poll the listener before the send,
  // so whether it waited at all is only pinned on the virtual clock.
  if (mode.real) return;
  auto waits = events_of(trace, EventKind::ChannelWait, "later");
  REQUIRE(waits.size() == 1);
  REQUIRE(waits[0]->b() == static_cast<std::uint64_t>(WaitSide::Recv));
  int woken_by_channel = 0;
  for (const auto& e : trace.events)
    woken_by_channel += e.kind == EventKind::TaskWoken && e.a() == static_cast<std::uint64_t>(WakeCause::Channel) &&
                        e.b() == channel_named(trace, "later");
  REQUIRE(woken_by_channel == 1);
}

TEST_CASE("when every sender is gone a broadcast receiver drains what is left, then sees Closed", "[broadcast]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<std::vector<std::string>>> {
    auto [tx, rx] = broadcast::channel<int>(4, "feed");
    auto waiting = spawn(drain(tx.subscribe()), "waiting");  // parked in recv when the senders go
    auto tx2 = tx;
    tx.send(1);
    tx2.send(2);
    co_await sleep(scale.ms(10));
    tx.close();
    tx2.close();
    std::vector<std::vector<std::string>> got;
    got.push_back(co_await drain(std::move(rx)));
    got.push_back((co_await std::move(waiting)).value());
    co_return got;
  };
  auto result = checked_run(mode.options(), body(mode));
  auto got = result.main->value();
  REQUIRE(got[0] == std::vector<std::string>{"1", "2", "closed"});
  REQUIRE(got[1] == std::vector<std::string>{"1", "2", "closed"});
  REQUIRE(events_of(result.report.trace, EventKind::ChannelClose, "feed").size() == 1);
}

TEST_CASE("a broadcast recv inside a select that loses takes no message", "[broadcast][select]") {
  WAKELINE_MODES();
  auto body = [](Mode scale) -> Task<std::vector<int>> {
    auto [tx, rx] = broadcast::channel<int>(4, "quiet");
    auto first = co_await wakeline::select(rx.recv(), nap(scale.ms(10)));
    std::vector<int> got{static_cast<int>(first.index())};  // 1: the sleep won
    tx.send(7);  // must not touch the dropped recv's waiter
    auto r = co_await rx.recv();
    got.push_back(r.ok() ? *r.value : -1);
    co_return got;
  };
  auto result = checked_run(mode.options(), body(mode));
  REQUIRE(result.main->value() == std::vector<int>{1, 7});
}

TEST_CASE("draining 300 buffered broadcast messages in a row still yields when the budget runs out", "[broadcast]") {
  WAKELINE_MODES();
  auto body = []() -> Task<int> {
    auto [tx, rx] = broadcast::channel<int>(300, "burst");
    for (int i = 0; i < 300; ++i) tx.send(i);
    int sum = 0;
    for (int i = 0; i < 300; ++i) sum += *(co_await rx.recv()).value;
    co_return sum;
  };
  auto result = checked_run(mode.options(), body());
  REQUIRE(result.main->value() == 299 * 300 / 2);
  int yields = 0;
  for (const auto& e : result.report.trace.events)
    yields += e.kind == EventKind::TaskWoken && e.a() == static_cast<std::uint64_t>(WakeCause::Yield);
  REQUIRE(yields >= 2);  // 300 receives at 128 per poll
}

TEST_CASE("three receivers on two workers each get 500 messages in order, or are told what they missed",
          "[broadcast]") {
  WAKELINE_MODES();
  struct Seen {
    bool in_order = true;
    std::uint64_t received = 0;
    std::uint64_t lagged = 0;
  };
  auto body = []() -> Task<std::vector<Seen>> {
    auto [tx, rx] = broadcast::channel<int>(16, "firehose");
    std::vector<JoinHandle<Seen>> receivers;
    auto count = [](broadcast::Receiver<int> in) -> Task<Seen> {
      Seen seen;
      int last = -1;
      for (;;) {
        auto r = co_await in.recv();
        if (r.is_closed()) break;
        if (r.is_lagged()) {
          seen.lagged += r.lagged;
          continue;
        }
        seen.in_order &= *r.value > last;
        last = *r.value;
        ++seen.received;
        if (seen.received % 7 == 0) co_await yield_now();  // fall behind now and then
      }
      co_return seen;
    };
    for (int i = 0; i < 3; ++i) receivers.push_back(spawn(count(tx.subscribe()), "receiver"));
    { auto unused = std::move(rx); }
    for (int i = 0; i < 500; ++i) {
      tx.send(i);
      if (i % 25 == 0) co_await yield_now();  // 25 sends into 16 slots: slow receivers lag
    }
    tx.close();
    std::vector<Seen> all;
    for (auto& r : receivers) all.push_back((co_await std::move(r)).value());
    co_return all;
  };
  auto result = checked_run(mode.options(), body());
  for (const auto& seen : result.main->value()) {
    REQUIRE(seen.in_order);
    REQUIRE(seen.received + seen.lagged == 500);
    if (!mode.real) REQUIRE(seen.lagged > 0);
  }
}
