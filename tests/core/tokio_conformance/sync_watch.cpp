// Follows tokio/tests/sync_watch.rs (and the has_changed example of Tokio's watch docs): one
// value, replaced by the sender, seen by every receiver as "changed"; the sender's drop is seen
// after its last value; and sends from a thread outside the runtime.
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "conformance.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/watch.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using wakeline::conformance::Rt;

namespace {
// Waits for one change and reads the value it brought (or -1 when the sender is gone).
Task<int> next_value(watch::Receiver<int> rx) {
  const bool changed = co_await rx.changed();  // named: GCC PR c++/106188 (README)
  if (!changed) co_return -1;
  co_return *rx.borrow_and_update();
}
}  // namespace

TEST_CASE("single_rx_recv", "[tokio][sync_watch]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<int>(0);
    std::vector<int> got{*rx.borrow()};
    auto waiting = spawn(next_value(rx));
    co_await sleep(scale.ms(2));
    REQUIRE(tx.send(1));
    auto one = co_await std::move(waiting);
    got.push_back(one.value());
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{0, 1});
}

TEST_CASE("multi_rx", "[tokio][sync_watch]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    auto [tx, rx1] = watch::channel<int>(0);
    auto rx2 = tx.subscribe();
    auto a = spawn(next_value(rx1));
    auto b = spawn(next_value(rx2));
    co_await sleep(scale.ms(2));
    REQUIRE(tx.send(2));
    auto ra = co_await std::move(a);
    auto rb = co_await std::move(b);
    co_return std::vector<int>{ra.value(), rb.value(), static_cast<int>(tx.receiver_count())};
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{2, 2, 2});
}

TEST_CASE("rx_observes_final_value", "[tokio][sync_watch]") {
  // A value sent just before the sender goes is still reported; after it, changed() fails.
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<int>(0);
    REQUIRE(tx.send(1));
    tx.close();
    std::vector<int> got;
    got.push_back(co_await rx.changed());
    got.push_back(*rx.borrow_and_update());
    got.push_back(co_await rx.changed());
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, 1, 0});
}

TEST_CASE("borrow_and_update", "[tokio][sync_watch]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<std::string>("one");
    REQUIRE(tx.send("two"));
    std::vector<int> got{*rx.borrow_and_update() == "two"};
    got.push_back(rx.has_changed().value());  // seen: nothing new
    REQUIRE(tx.send("three"));
    got.push_back(rx.has_changed().value());
    got.push_back(*rx.borrow() == "three");
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, 0, 1, 1});
}

TEST_CASE("has_changed (the example in Tokio's watch docs)", "[tokio][sync_watch]") {
  // Like Tokio's Result<bool, RecvError>: an unseen value is reported even after the sender is
  // gone; once it is seen, has_changed reports the closed sender as an error.
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<std::string>("hello");
    REQUIRE(tx.send("goodbye"));
    std::vector<int> got{rx.has_changed().value()};
    got.push_back(*rx.borrow_and_update() == "goodbye");
    got.push_back(rx.has_changed().value());
    REQUIRE(tx.send("last"));
    tx.close();
    got.push_back(rx.has_changed().ok() && rx.has_changed().value());  // "last" is not seen yet
    (void)rx.borrow_and_update();
    got.push_back(rx.has_changed().is_closed());
    bool threw = false;
    try {
      (void)rx.has_changed().value();
    } catch (const std::runtime_error&) {
      threw = true;
    }
    got.push_back(threw);
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{1, 1, 0, 1, 1, 1});
}

TEST_CASE("send_no_rx (watch)", "[tokio][sync_watch]") {
  // With every receiver gone send fails and keeps the old value; send_replace stores anyway.
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<int>(0);
    { auto gone = std::move(rx); }
    std::vector<int> got{tx.send(1), *tx.borrow()};
    got.push_back(tx.send_replace(2));
    got.push_back(*tx.borrow());
    auto again = tx.subscribe();  // a receiver again: send works
    got.push_back(tx.send(3));
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body()).main->value() == std::vector<int>{0, 0, 0, 2, 1});
}

TEST_CASE("poll_close", "[tokio][sync_watch]") {
  // A receiver waiting in changed() when the sender is dropped wakes and reports it.
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    auto [tx, rx] = watch::channel<int>(0);
    auto waiting = spawn(next_value(rx));
    co_await sleep(scale.ms(2));
    tx.close();
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == -1);
}

TEST_CASE("single_rx_recv (sent from a std::thread)", "[tokio][sync_watch][thread]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<int> {
    auto [tx, rx] = watch::channel<int>(0, "config");
    auto waiting = spawn(next_value(rx), "reader");
    co_await sleep(scale.ms(2));
    bool sent = false;
    auto& sender = tx;
    std::thread([&sent, &sender] { sent = sender.send(7); }).join();
    REQUIRE(sent);
    auto got = co_await std::move(waiting);
    co_return got.value();
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == 7);
}

TEST_CASE("changed_in_select_that_loses (the change stays to be seen)", "[tokio][sync_watch][select]") {
  TOKIO_RUNTIMES();
  auto body = [](Rt scale) -> Task<std::vector<int>> {
    auto [tx, rx] = watch::channel<int>(0);
    auto first = co_await select(rx.changed(), sleep(scale.ms(2)));
    std::vector<int> got{static_cast<int>(first.index())};
    REQUIRE(tx.send(4));
    got.push_back(co_await rx.changed());
    got.push_back(*rx.borrow());
    co_return got;
  };
  REQUIRE(checked_run(rt.options(), body(rt)).main->value() == std::vector<int>{1, 1, 4});
}
