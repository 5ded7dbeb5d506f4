// tokio/tests/rt_common.rs, case by case, for what a lesson can do: run main to its end, spawn
// and await tasks, wait on timers in and out of tasks, use the blocking pool, and drop what is
// left when main returns.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "conformance.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kIter = 200;  // Tokio's ITER

Task<int> value(int v) { co_return v; }

Task<> send_value(oneshot::Sender<std::string> tx, std::string v) {
  tx.send(std::move(v));
  co_return;
}

int polls_of(const Trace& trace, std::string_view name) {
  std::set<TaskId> ids;
  for (const auto& e : trace.events)
    if (e.kind == EventKind::TaskSpawned && trace.str(static_cast<StringId>(e.b())) == name) ids.insert(e.task);
  int n = 0;
  for (const auto& e : trace.events) n += e.kind == EventKind::PollStart && ids.count(e.task);
  return n;
}

}  // namespace

TEST_CASE("block_on_sync", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::string> { co_return "hello"; };
  CHECK(checked_run(rt.options(), body()).main->value() == "hello");
}

TEST_CASE("block_on_async", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::string> {
    auto [tx, rx] = oneshot::channel<std::string>("zomg");
    auto later = [](oneshot::Sender<std::string> s, std::chrono::nanoseconds d) -> Task<> {
      co_await sleep(d);
      s.send("ZOMG");
    };
    auto handle = spawn(later(std::move(tx), rt.ms(5)), "sender");
    auto v = co_await std::move(rx);
    (void)co_await std::move(handle);
    co_return v.value_or("");
  };
  CHECK(checked_run(rt.options(), body()).main->value() == "ZOMG");
}

TEST_CASE("spawn_one_bg", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::string> {
    auto [tx, rx] = oneshot::channel<std::string>("result");
    (void)spawn(send_value(std::move(tx), "ZOMG"), "bg");  // the handle is dropped: the task goes on
    auto v = co_await std::move(rx);
    co_return v.value_or("");
  };
  CHECK(checked_run(rt.options(), body()).main->value() == "ZOMG");
}

TEST_CASE("spawn_one_join", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<int> {
    auto joined = co_await spawn(value(42), "one");
    co_return joined.value();
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 42);
}

TEST_CASE("spawn_two", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::string> {
    auto [tx1, rx1] = oneshot::channel<std::string>("one");
    auto [tx2, rx2] = oneshot::channel<std::string>("two");
    (void)spawn(send_value(std::move(tx1), "ZOMG"), "first");
    (void)spawn(send_value(std::move(tx2), "ZOMG"), "second");
    auto a = co_await std::move(rx1);
    auto b = co_await std::move(rx2);
    co_return a.value_or("") + b.value_or("");
  };
  CHECK(checked_run(rt.options(), body()).main->value() == "ZOMGZOMG");
}

TEST_CASE("spawn_many_from_block_on", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::set<int>> {
    auto [tx, rx] = mpsc::unbounded_channel<int>("done");
    auto report = [](mpsc::Sender<int> s, int i) -> Task<> { (void)co_await s.send(i); };
    for (int i = 0; i < kIter; ++i) (void)spawn(report(tx, i), "task");
    tx.close();
    std::set<int> seen;
    while (auto i = co_await rx.recv()) seen.insert(*i);
    co_return seen;
  };
  auto seen = checked_run(rt.options(), body()).main->value();
  CHECK(seen.size() == kIter);
  CHECK(*seen.rbegin() == kIter - 1);
}

TEST_CASE("spawn_await_chain", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::string> {
    auto outer = []() -> Task<std::string> {
      auto inner = []() -> Task<std::string> { co_return "hello"; };
      auto joined = co_await spawn(inner(), "inner");
      co_return joined.value();
    };
    auto joined = co_await spawn(outer(), "outer");
    co_return joined.value();
  };
  CHECK(checked_run(rt.options(), body()).main->value() == "hello");
}

TEST_CASE("outstanding_tasks_dropped", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  // A task still waiting when main returns is dropped with everything it holds.
  auto shared = std::make_shared<int>(0);
  auto body = [&]() -> Task<> {
    auto holder = [](std::shared_ptr<int> kept) -> Task<> {
      auto [tx, rx] = oneshot::channel<int>("never");
      (void)co_await std::move(rx);
      (void)kept;
    };
    (void)spawn(holder(shared), "holder");
    co_await yield_now();
    co_return;
  };
  auto result = checked_run(rt.options(), body());
  CHECK(shared.use_count() == 1);
  CHECK(count(result.report.trace, EventKind::TaskCancelled) == 1);
}

TEST_CASE("complete_block_on_under_load", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  // A task that only yields keeps a worker busy forever; main still gets its turns and ends.
  auto body = [&]() -> Task<> {
    auto spinner = []() -> Task<> {
      for (;;) co_await yield_now();
    };
    (void)spawn(spinner(), "spinner");
    co_await sleep(rt.ms(5));
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main.has_value());
  CHECK(result.report.total_ns >= static_cast<std::uint64_t>(rt.ms(5).count()));
}

TEST_CASE("sleep_at_root", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::chrono::nanoseconds> {
    co_await sleep(rt.ms(50));
    co_return now();
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() >= rt.ms(50));
  if (rt.is_virtual()) CHECK(result.main->value() == 50ms);
}

TEST_CASE("sleep_in_spawn", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<std::chrono::nanoseconds> {
    auto [tx, rx] = oneshot::channel<std::string>("woke");
    auto sleeper = [](oneshot::Sender<std::string> s, std::chrono::nanoseconds d) -> Task<> {
      co_await sleep(d);
      s.send("done");
    };
    (void)spawn(sleeper(std::move(tx), rt.ms(50)), "sleeper");
    (void)co_await std::move(rx);
    co_return now();
  };
  CHECK(checked_run(rt.options(), body()).main->value() >= rt.ms(50));
}

TEST_CASE("coop", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  // 300 messages already buffered: taking them one by one never waits, but the cooperative budget
  // (128 operations per poll) makes the receiver give its worker back between batches.
  auto body = []() -> Task<int> {
    auto [tx, rx] = mpsc::unbounded_channel<int>("buffered");
    for (int i = 0; i < 300; ++i) (void)co_await tx.send(i);
    tx.close();
    auto drain = [](mpsc::Receiver<int> r) -> Task<int> {
      int n = 0;
      while (auto v = co_await r.recv()) n += *v >= 0;
      co_return n;
    };
    auto joined = co_await spawn(drain(std::move(rx)), "drain");
    co_return joined.value();
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() == 300);
  CHECK(polls_of(result.report.trace, "drain") >= 3);
}

TEST_CASE("spawn_from_blocking", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::string> {
    auto job = spawn_blocking([] {
      auto hello = []() -> Task<std::string> { co_return "hello"; };
      return spawn(hello(), "from blocking");
    });
    auto spawned = co_await std::move(job);
    auto inner = std::move(spawned.value());
    auto joined = co_await std::move(inner);
    co_return joined.value();
  };
  CHECK(checked_run(rt.options(), body()).main->value() == "hello");
}

TEST_CASE("spawn_blocking_from_blocking", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::string> {
    auto outer = spawn_blocking([] { return spawn_blocking([] { return std::string("hello"); }, "inner"); }, "outer");
    auto spawned = co_await std::move(outer);
    auto inner = std::move(spawned.value());
    auto joined = co_await std::move(inner);
    co_return joined.value();
  };
  CHECK(checked_run(rt.options(), body()).main->value() == "hello");
}

TEST_CASE("ping_pong_saturation", "[tokio][rt_common]") {
  TOKIO_RUNTIMES();
  // Several pairs of tasks bounce a message back and forth; every round trip completes.
  auto body = []() -> Task<int> {
    auto pinger = [](mpsc::Sender<int> out, mpsc::Receiver<int> in, int rounds) -> Task<int> {
      int got = 0;
      for (int i = 0; i < rounds; ++i) {
        (void)co_await out.send(i);
        auto back = co_await in.recv();
        got += back.has_value();
      }
      co_return got;
    };
    auto ponger = [](mpsc::Receiver<int> in, mpsc::Sender<int> out) -> Task<> {
      while (auto v = co_await in.recv()) (void)co_await out.send(*v);
    };
    std::vector<JoinHandle<int>> pingers;
    for (int pair = 0; pair < 4; ++pair) {
      auto [to_pong, pong_in] = mpsc::channel<int>(1, "ping");
      auto [to_ping, ping_in] = mpsc::channel<int>(1, "pong");
      (void)spawn(ponger(std::move(pong_in), std::move(to_ping)), "ponger");
      pingers.push_back(spawn(pinger(std::move(to_pong), std::move(ping_in), 50), "pinger"));
    }
    int total = 0;
    for (auto& h : pingers) total += (co_await std::move(h)).value();
    co_return total;
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 200);
}
