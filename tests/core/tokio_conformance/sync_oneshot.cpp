// Follows tokio/tests/sync_oneshot.rs: one value, sent once; a Sender dropped unused closes the
// channel; a Receiver dropped makes the send fail; and the send, or the drop, may come from a
// thread outside the runtime or from the blocking pool.
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "conformance.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/playhead/narrate.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/trace_io/native.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using wakeline::conformance::Rt;

namespace {

// The receiver waits in its own task, so that whatever sends or drops finds it waiting.
Task<std::optional<int>> await_value(oneshot::Receiver<int> rx) { co_return co_await std::move(rx); }

// Wakes recorded on the lane "outside the runtime".
int wakes_from_outside(const Trace& trace) {
  int n = 0;
  for (const auto& e : trace.events) {
    const ThreadInfo& lane = trace.threads[e.thread];
    n += e.kind == EventKind::TaskWoken && lane.kind == ThreadKind::External && lane.index == kOutsideLaneIndex;
  }
  return n;
}

}  // namespace

TEST_CASE("send_recv", "[tokio][sync_oneshot]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::optional<int>> {
    auto [tx, rx] = oneshot::channel<int>();
    REQUIRE(tx.send(1));
    co_return co_await std::move(rx);
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("async_send_recv", "[tokio][sync_oneshot]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::optional<int>> {
    auto [tx, rx] = oneshot::channel<int>();
    auto waiting = spawn(await_value(std::move(rx)));
    co_await sleep(scale.ms(2));
    REQUIRE(tx.send(1));
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 1);
}

TEST_CASE("close_tx", "[tokio][sync_oneshot]") {
  // The Sender dropped unused: the waiting receiver wakes with "closed" (std::nullopt).
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto [tx, rx] = oneshot::channel<int>();
    auto waiting = spawn(await_value(std::move(rx)));
    co_await sleep(scale.ms(2));
    { auto gone = std::move(tx); }
    auto got = co_await std::move(waiting);
    co_return got.value().has_value();
  };
  REQUIRE_FALSE(checked_run(rt.options(), body(rt)).main->value());
}

TEST_CASE("close_rx", "[tokio][sync_oneshot]") {
  // The Receiver dropped: the sender sees it closed and its send fails.
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = oneshot::channel<int>();
    std::vector<int> seen{tx.is_closed()};
    { auto gone = std::move(rx); }
    seen.push_back(tx.is_closed());
    seen.push_back(tx.send(1));
    co_return seen;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{0, 1, 0});
}

TEST_CASE("close_after_recv", "[tokio][sync_oneshot]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::optional<int>> {
    auto [tx, rx] = oneshot::channel<int>();
    REQUIRE(tx.send(17));
    auto got = co_await std::move(rx);
    { auto gone = std::move(rx); }  // dropping the used receiver changes nothing
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == 17);
}

TEST_CASE("receiver_changes_task", "[tokio][sync_oneshot][select]") {
  // A recv dropped while waiting (its select lost) leaves the value to the next await.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::optional<int>> {
    auto [tx, rx] = oneshot::channel<int>();
    auto first = co_await select(rx.recv(), sleep(scale.ms(2)));
    REQUIRE(first.index() == 1);
    REQUIRE(tx.send(5));
    co_return co_await std::move(rx);
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 5);
}

TEST_CASE("async_send_recv (sent from a std::thread)", "[tokio][sync_oneshot][thread]") {
  // Sending from a thread the runtime does not run: the value arrives and the waiting task is
  // woken through the runtime, recorded as woken from outside it. (It used to throw.)
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::optional<int>> {
    auto [tx, rx] = oneshot::channel<int>("reply");
    auto waiting = spawn(await_value(std::move(rx)), "requester");
    co_await sleep(scale.ms(2));
    bool sent = false;
    std::thread([&sent, sender = std::move(tx)]() mutable { sent = sender.send(42); }).join();
    REQUIRE(sent);
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  auto result = checked_run(rt.options(), body(rt));
  REQUIRE(result.main->value() == 42);
  const Trace& trace = result.report.trace;
  // On the real clock the requester may not be waiting yet when the thread sends (then nobody
  // needs waking); on the virtual clock it always is.
  const int outside = wakes_from_outside(trace);
  if (rt.is_virtual()) CHECK(outside == 1); else CHECK(outside <= 1);
  // Readable: the playhead says who woke it, and the trace survives a save and a load.
  for (std::size_t i = 0; i < trace.events.size(); ++i)
    if (trace.events[i].kind == EventKind::TaskWoken && trace.events[i].c() == 0 &&
        trace.events[i].a() == static_cast<std::uint64_t>(WakeCause::Channel))
      CHECK(narrate(trace, i) == "a thread outside the runtime sent the value on `reply`: `requester` is woken");
  auto loaded = read_native(write_native(trace));
  REQUIRE(loaded.ok());
  CHECK(*loaded.trace == trace);
}

TEST_CASE("close_tx (dropped on a std::thread)", "[tokio][sync_oneshot][thread]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto [tx, rx] = oneshot::channel<int>("reply");
    auto waiting = spawn(await_value(std::move(rx)), "requester");
    co_await sleep(scale.ms(2));
    std::thread([sender = std::move(tx)]() mutable { auto gone = std::move(sender); }).join();
    auto got = co_await std::move(waiting);
    co_return got.value().has_value();
  };
  auto result = checked_run(rt.options(), body(rt));
  REQUIRE_FALSE(result.main->value());
  if (rt.is_virtual()) CHECK(wakes_from_outside(result.report.trace) == 1);
}

TEST_CASE("async_send_recv (sent from spawn_blocking)", "[tokio][sync_oneshot][blocking]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::optional<int>> {
    auto [tx, rx] = oneshot::channel<int>("reply");
    auto waiting = spawn(await_value(std::move(rx)), "requester");
    // spawn_blocking keeps its function in a std::function, which must be copyable.
    auto sender = std::make_shared<oneshot::Sender<int>>(std::move(tx));
    auto job = spawn_blocking([sender] { return sender->send(9); });
    auto sent = co_await std::move(job);
    REQUIRE(sent.value());
    auto got = co_await std::move(waiting);
    (void)scale;
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 9);
}
