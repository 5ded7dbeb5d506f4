// Follows tokio/tests/sync_broadcast.rs: every receiver gets every message sent after it
// subscribed; a receiver that falls more than `capacity` behind is told it lagged; the senders'
// drop is seen after what is left; and sends or drops from a thread outside the runtime.
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "conformance.hpp"
#include "wakeline/broadcast.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using wakeline::conformance::Rt;

namespace {
// What one recv gives, as a number: the value, -100 - n for Lagged(n), -1 for Closed.
Task<int> next(broadcast::Receiver<int>& rx) {
  auto r = co_await rx.recv();
  if (r.ok()) co_return *r.value;
  co_return r.is_lagged() ? -100 - static_cast<int>(r.lagged) : -1;
}
Task<int> next_owned(broadcast::Receiver<int> rx) { co_return co_await next(rx); }
}  // namespace

TEST_CASE("send_two_recv", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx1] = broadcast::channel<int>(16);
    auto rx2 = tx.subscribe();
    REQUIRE(tx.send(1) == 2);  // reaches both receivers
    std::vector<int> got;
    got.push_back(co_await next(rx1));
    got.push_back(co_await next(rx2));
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, 1});
}

TEST_CASE("send_recv_bounded", "[tokio][sync_broadcast]") {
  // A receiver waiting for the next message is woken by the send.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    auto [tx, rx] = broadcast::channel<int>(16);
    auto waiting = spawn(next_owned(std::move(rx)));
    co_await sleep(scale.ms(2));
    REQUIRE(tx.send(3) == 1);
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 3);
}

TEST_CASE("send_no_rx (broadcast)", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::size_t> {
    auto [tx, rx] = broadcast::channel<int>(16);
    { auto gone = std::move(rx); }
    co_return tx.send(1);  // 0: nobody to reach, nothing sent
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == 0);
}

TEST_CASE("lagging_rx", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx1] = broadcast::channel<int>(2);
    auto rx2 = tx.subscribe();
    tx.send(1);
    tx.send(2);
    std::vector<int> got;
    got.push_back(co_await next(rx1));  // rx1 keeps up
    tx.send(3);                                 // overwrites 1, which rx2 has not read
    got.push_back(co_await next(rx2));          // Lagged(1)
    got.push_back(co_await next(rx2));
    got.push_back(co_await next(rx2));
    got.push_back(co_await next(rx1));
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, -101, 2, 3, 2});
}

TEST_CASE("dropping_tx_notifies_rx", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    auto [tx, rx] = broadcast::channel<int>(16);
    auto tx2 = tx;
    auto waiting = spawn(next_owned(std::move(rx)));
    co_await sleep(scale.ms(2));
    tx.close();  // one sender is left: still open
    co_await sleep(scale.ms(2));
    REQUIRE_FALSE(waiting.is_finished());
    tx2.close();
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == -1);
}

TEST_CASE("unconsumed_messages_are_dropped (broadcast)", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<long> {
    auto msg = std::make_shared<int>(1);
    auto [tx, rx] = broadcast::channel<std::shared_ptr<int>>(16);
    tx.send(msg);
    REQUIRE(msg.use_count() == 2);
    { auto gone = std::move(rx); }  // the last receiver: nobody will read it
    co_return msg.use_count();
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("single_capacity_recvs_after_drop_1", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = broadcast::channel<int>(1);
    tx.send(1);
    tx.close();
    std::vector<int> got;
    got.push_back(co_await next(rx));
    got.push_back(co_await next(rx));
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, -1});
}

TEST_CASE("resubscribe_points_to_tail", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = broadcast::channel<int>(16);
    tx.send(1);
    auto late = rx.resubscribe();  // sees messages sent from now on
    tx.send(2);
    std::vector<int> got;
    got.push_back(co_await next(late));
    got.push_back(static_cast<int>(rx.len()));
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{2, 2});
}

TEST_CASE("receiver_len_with_lagged", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = broadcast::channel<int>(3);
    for (int i = 1; i <= 4; ++i) tx.send(i);
    std::vector<int> got{static_cast<int>(rx.len())};  // counts the one it will be told it missed
    got.push_back(co_await next(rx));
    got.push_back(static_cast<int>(rx.len()));
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{4, -101, 3});
}

TEST_CASE("zero_capacity", "[tokio][sync_broadcast]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<bool> {
    try {
      auto channel = broadcast::channel<int>(0);
    } catch (const std::invalid_argument&) {
      co_return true;
    }
    co_return false;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value());
}

TEST_CASE("send_recv_bounded (sent from a std::thread)", "[tokio][sync_broadcast][thread]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    auto [tx, rx] = broadcast::channel<int>(16, "events");
    auto waiting = spawn(next_owned(std::move(rx)), "listener");
    co_await sleep(scale.ms(2));
    std::thread([sender = std::move(tx)] { (void)sender.send(8); }).join();
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 8);
}

TEST_CASE("dropping_tx_notifies_rx (dropped on a std::thread)", "[tokio][sync_broadcast][thread]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    auto [tx, rx] = broadcast::channel<int>(16, "events");
    auto waiting = spawn(next_owned(std::move(rx)), "listener");
    co_await sleep(scale.ms(2));
    std::thread([sender = std::move(tx)]() mutable { sender.close(); }).join();
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == -1);
}
