#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "wakeline/live_run.hpp"
#include "wakeline/message_text.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {
Task<> ticking(int ticks) {
  for (int i = 0; i < ticks; ++i) co_await sleep(10ms);
}

Task<> echo(mpsc::Receiver<int> rx, mpsc::Sender<int> tx) {
  while (auto value = co_await rx.recv()) {
    const int back = *value;
    (void)co_await tx.send(back);
  }
}

// Pings and their echoes in bursts, a millisecond apart: a watcher finds it half done.
Task<> ping_in_bursts(int bursts) {
  auto [ping_tx, ping_rx] = mpsc::channel<int>(8, "ping");
  auto [pong_tx, pong_rx] = mpsc::channel<int>(8, "pong");
  auto echoer = spawn(echo(std::move(ping_rx), std::move(pong_tx)), "echo");
  for (int burst = 0; burst < bursts; ++burst) {
    for (int i = 0; i < 100; ++i) {
      (void)co_await ping_tx.send(burst * 100 + i);
      (void)co_await pong_rx.recv();
    }
    co_await sleep(1ms);
  }
  ping_tx.close();
  (void)co_await std::move(echoer);
}
}  // namespace

TEST_CASE("a real-clock run can be watched while it goes: snapshots grow", "[live]") {
  LiveRun live;
  auto options = multi_thread(2, ClockKind::Real);
  options.live = &live;
  std::size_t early = 0, later = 0;
  std::thread watcher([&] {
    while (!live.running()) std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(50ms);
    early = live.snapshot().events.size();
    std::this_thread::sleep_for(100ms);
    later = live.snapshot().events.size();
  });
  auto result = checked_run(options, ticking(30));
  watcher.join();
  REQUIRE(early > 0);
  REQUIRE(later > early);
  REQUIRE(result.report.trace.events.size() >= later);
}

TEST_CASE("stopping a live run ends it soon, cancelling what is left, keeping what was recorded", "[live]") {
  LiveRun live;
  auto options = multi_thread(2, ClockKind::Real);
  options.live = &live;
  // The stop comes once three ticks are on record, however slowly a loaded machine (or TSan)
  // gets there; what is timed is the stop itself.
  std::chrono::steady_clock::time_point stopped_at;
  std::thread stopper([&] {
    while (!live.running()) std::this_thread::sleep_for(1ms);
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (count(live.snapshot(), EventKind::TimerFired) < 3 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(5ms);
    }
    stopped_at = std::chrono::steady_clock::now();
    live.request_stop();
  });
  auto result = checked_run(options, ticking(1000));  // would take 10 s
  stopper.join();
  REQUIRE(std::chrono::steady_clock::now() - stopped_at < 2s);
  REQUIRE(result.report.fault == "stopped by the user");
  REQUIRE(count(result.report.trace, EventKind::TimerFired) >= 3);
  REQUIRE(count(result.report.trace, EventKind::TaskCancelled) == 1);
}

TEST_CASE("stopping a virtual run before it starts records a clean, cancelled run", "[live]") {
  LiveRun live;
  live.request_stop();
  RuntimeOptions options;
  options.live = &live;
  auto result = checked_run(options, ticking(5));
  REQUIRE(result.report.fault == "stopped by the user");
}

TEST_CASE("a live snapshot's message texts are the run's own, each with its send in the snapshot", "[live]") {
  LiveRun live;
  auto options = multi_thread(2, ClockKind::Real);
  options.live = &live;
  std::vector<Trace> snapshots;
  std::thread watcher([&] {
    while (!live.running()) std::this_thread::sleep_for(1ms);
    while (live.running() && snapshots.size() < 20) {
      snapshots.push_back(live.snapshot());
      std::this_thread::sleep_for(2ms);
    }
  });
  auto result = checked_run(options, ping_in_bursts(30));
  watcher.join();
  const Trace& whole = result.report.trace;
  REQUIRE(whole.messages.size() == 2 * 30 * 100);
  REQUIRE_FALSE(snapshots.empty());
  for (const Trace& snapshot : snapshots) {
    std::set<std::pair<std::uint64_t, std::uint64_t>> sends;
    for (const Event& e : snapshot.events)
      if (e.kind == EventKind::ChannelSend) sends.emplace(e.a(), e.b());
    for (const MessageText& m : snapshot.messages) {
      const auto text = message_text(whole, m.channel, m.seq);
      REQUIRE(text.has_value());
      REQUIRE(snapshot.str(m.text) == *text);
      REQUIRE(sends.count({m.channel, m.seq}) == 1);
    }
    REQUIRE(std::is_sorted(snapshot.messages.begin(), snapshot.messages.end(), [](const MessageText& x, const MessageText& y) {
      return std::pair(x.channel, x.seq) < std::pair(y.channel, y.seq);
    }));
  }
}
