// Follows tokio/tests/sync_mpsc.rs: the bounded and unbounded mpsc channel, backpressure counted
// per slot until the receiver has the message, closing from either end, and handles dropped on
// a thread outside the runtime.
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "conformance.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/timeout.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using wakeline::conformance::Rt;

namespace {

// Inside a coroutine, a co_await goes in a named value, never inside REQUIRE: GCC 12 evaluates a
// co_await in Catch's expression template more than once.

// The index of the first event of `kind` on `channel` with sequence number `seq`, or -1.
long find_channel_event(const Trace& trace, EventKind kind, std::uint64_t channel, std::uint64_t seq) {
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (e.kind == kind && e.a() == channel && e.b() == seq) return static_cast<long>(i);
  }
  return -1;
}

Task<std::vector<int>> drain(mpsc::Receiver<int>& rx) {
  std::vector<int> got;
  while (auto v = co_await rx.recv()) got.push_back(*v);
  co_return got;
}

// A task sends 1 and 2 a moment later, then drops its sender; this one receives until the end.
Task<std::vector<int>> sent_by_another_task(mpsc::Sender<int> tx, mpsc::Receiver<int> rx, Rt scale) {
  auto sender = spawn([](mpsc::Sender<int> out, Rt pace) -> Task<> {
    co_await sleep(pace.ms(1));
    (void)co_await out.send(1);
    (void)co_await out.send(2);
  }(std::move(tx), scale));
  auto got = co_await drain(rx);
  (void)co_await std::move(sender);
  co_return got;
}

}  // namespace

TEST_CASE("send_recv_with_buffer", "[tokio][sync_mpsc]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = mpsc::channel<int>(16);
    { const bool sent = co_await tx.send(1); REQUIRE(sent); }
    { const bool sent = co_await tx.send(2); REQUIRE(sent); }
    tx.close();  // the receiver drains what is buffered, then sees the end
    co_return co_await drain(rx);
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, 2});
}

TEST_CASE("async_send_recv_with_buffer", "[tokio][sync_mpsc]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    auto [tx, rx] = mpsc::channel<int>(16);
    co_return co_await sent_by_another_task(std::move(tx), std::move(rx), scale);
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{1, 2});
}

TEST_CASE("send_recv_unbounded", "[tokio][sync_mpsc]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    for (int i = 0; i < 300; ++i) { const bool sent = co_await tx.send(i); REQUIRE(sent); }  // never waits: no capacity
    REQUIRE(rx.len() == 300);
    tx.close();
    co_return co_await drain(rx);
  };
  auto got = checked_run(rt.options(), body()).main->value();
  REQUIRE(got.size() == 300);
  REQUIRE(got.back() == 299);
}

TEST_CASE("async_send_recv_unbounded", "[tokio][sync_mpsc]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    auto [tx, rx] = mpsc::unbounded_channel<int>();
    co_return co_await sent_by_another_task(std::move(tx), std::move(rx), scale);
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{1, 2});
}

TEST_CASE("send_recv_buffer_limited", "[tokio][sync_mpsc]") {
  // Capacity 1 and a receiver already waiting: the first message goes straight to it, yet keeps
  // the one slot until the receiver has taken it, so the second send completes only after the
  // first receive (Tokio's semaphore: the permit is released by the recv, not by the hand-over).
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::uint64_t> {
    auto [tx, rx] = mpsc::channel<int>(1, "limited");
    const std::uint64_t id = tx.channel_id();
    auto receiver = spawn([](mpsc::Receiver<int> in) -> Task<std::vector<int>> { co_return co_await drain(in); }(std::move(rx)));
    co_await sleep(scale.ms(2));  // the receiver waits in recv by now
    { const bool sent = co_await tx.send(1); REQUIRE(sent); }
    { const bool sent = co_await tx.send(2); REQUIRE(sent); }
    tx.close();
    auto got = co_await std::move(receiver);
    REQUIRE(got.value() == std::vector<int>{1, 2});
    co_return id;
  };
  auto result = checked_run(rt.options(), body(rt));
  const Trace& trace = result.report.trace;
  const std::uint64_t id = result.main->value();
  const long first_received = find_channel_event(trace, EventKind::ChannelRecv, id, 0);
  const long second_sent = find_channel_event(trace, EventKind::ChannelSend, id, 1);
  REQUIRE(first_received >= 0);
  REQUIRE(second_sent >= 0);
  CHECK(first_received < second_sent);
  for (const auto& e : trace.events)  // the events' buffer length counts the handed message too
    if (e.a() == id && (e.kind == EventKind::ChannelSend || e.kind == EventKind::ChannelRecv)) CHECK(e.c() <= 1);
}

TEST_CASE("start_send_past_cap", "[tokio][sync_mpsc]") {
  // Nobody receiving: one message fills capacity 1, the next send waits until a recv frees it.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    auto [tx, rx] = mpsc::channel<int>(1);
    auto sender = spawn([](mpsc::Sender<int> out) -> Task<> {
      for (int i = 1; i <= 3; ++i) (void)co_await out.send(i);
    }(std::move(tx)));
    while (rx.len() == 0) co_await sleep(scale.ms(1));  // the sender has filled the one slot
    co_await sleep(scale.ms(2));
    std::vector<int> got{static_cast<int>(rx.len())};  // still 1: the second send is waiting
    auto rest = co_await drain(rx);
    got.insert(got.end(), rest.begin(), rest.end());
    (void)co_await std::move(sender);
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{1, 1, 2, 3});
}

TEST_CASE("tx_close_gets_none", "[tokio][sync_mpsc]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<bool> {
    auto [tx, rx] = mpsc::channel<int>(10);
    tx.close();
    auto v = co_await rx.recv();
    co_return v.has_value();
  };
  REQUIRE_FALSE(checked_run(rt.options(), body()).main->value());
}

TEST_CASE("tx_close_gets_none (the last sender dropped on a std::thread)", "[tokio][sync_mpsc][thread]") {
  // Dropping a Sender on a thread the runtime does not run still closes the channel and wakes
  // the waiting receiver through the runtime; the wake is recorded as from outside it.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto [tx, rx] = mpsc::channel<int>(10, "jobs");
    auto receiver = spawn([](mpsc::Receiver<int> in) -> Task<bool> {
      auto v = co_await in.recv();
      co_return v.has_value();
    }(std::move(rx)), "receiver");
    co_await sleep(scale.ms(2));  // the receiver waits in recv by now
    std::thread([sender = std::move(tx)]() mutable { sender.close(); }).join();
    auto got = co_await std::move(receiver);
    co_return got.value();
  };
  auto result = checked_run(rt.options(), body(rt));
  REQUIRE_FALSE(result.main->value());
  const Trace& trace = result.report.trace;
  bool outside_close = false;
  for (const auto& e : trace.events) {
    const ThreadInfo& lane = trace.threads[e.thread];
    outside_close |= e.kind == EventKind::ChannelClose && lane.kind == ThreadKind::External &&
                     lane.index == kOutsideLaneIndex;
  }
  CHECK(outside_close);
}

TEST_CASE("recv_timeout", "[tokio][sync_mpsc]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<bool> {
    auto [tx, rx] = mpsc::channel<int>(10);
    auto got = co_await timeout(scale.ms(5), [](mpsc::Receiver<int>& in) -> Task<std::optional<int>> {
      co_return co_await in.recv();
    }(rx));
    { const bool sent = co_await tx.send(7); REQUIRE(sent); }  // the channel is still open and the message waits for a recv
    co_return got.has_value();
  };
  REQUIRE_FALSE(checked_run(rt.options(), body(rt)).main->value());
}

TEST_CASE("dropping_rx_closes_channel", "[tokio][sync_mpsc]") {
  // The Receiver is gone: the buffered message is destroyed at once and the next send fails.
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<long>> {
    auto msg = std::make_shared<int>(1);
    auto [tx, rx] = mpsc::channel<std::shared_ptr<int>>(100);
    { const bool sent = co_await tx.send(msg); REQUIRE(sent); }
    std::vector<long> counts{msg.use_count()};
    { auto gone = std::move(rx); }
    counts.push_back(msg.use_count());
    counts.push_back(co_await tx.send(msg) ? 1 : 0);
    co_return counts;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<long>{2, 1, 0});
}

namespace {
struct QueuedWork {
  std::shared_ptr<int> payload;
  oneshot::Sender<int> reply;
};
}  // namespace

TEST_CASE("unconsumed_messages_are_dropped", "[tokio][sync_mpsc]") {
  // A worker that ends with work still queued: its Receiver goes, the queued items are
  // destroyed, and the oneshot Sender inside each is dropped, so its requester gets "closed"
  // instead of waiting for ever.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<long>> {
    auto payload = std::make_shared<int>(0);
    auto [tx, rx] = mpsc::channel<QueuedWork>(8, "work");
    auto worker = spawn([](mpsc::Receiver<QueuedWork> queue, Rt pace) -> Task<> {
      co_await sleep(pace.ms(50));  // busy: never gets to its queue
      (void)co_await queue.recv();
    }(std::move(rx), scale), "worker");
    auto [reply_tx, reply_rx] = oneshot::channel<int>("reply");
    QueuedWork work{payload, std::move(reply_tx)};
    { const bool sent = co_await tx.send(std::move(work)); REQUIRE(sent); }
    co_await sleep(scale.ms(2));
    worker.abort();  // the worker, and with it the Receiver, goes away
    auto reply = co_await std::move(reply_rx);
    std::vector<long> seen{reply.has_value() ? 1 : 0, payload.use_count()};
    QueuedWork late;
    seen.push_back(co_await tx.send(std::move(late)) ? 1 : 0);
    co_return seen;
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<long>{0, 1, 0});
}

TEST_CASE("drop_permit_releases_permit", "[tokio][sync_mpsc][select]") {
  // A send waiting for room, dropped (its select lost): it sent nothing and holds no slot.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    auto [tx, rx] = mpsc::channel<int>(1);
    { const bool sent = co_await tx.send(1); REQUIRE(sent); }
    auto first = co_await select(tx.send(2), sleep(scale.ms(2)));
    std::vector<int> got{static_cast<int>(first.index())};  // 1: the sleep won
    got.push_back(*co_await rx.recv());
    { const bool sent = co_await tx.send(3); REQUIRE(sent); }  // the slot is free again
    got.push_back(*co_await rx.recv());
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{1, 1, 3});
}
