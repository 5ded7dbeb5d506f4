// tokio/tests/macros_select.rs, case by case. Wakeline's select is Tokio's `select! { biased; ... }`:
// branches are polled in the order written, the first to finish wins, the others are dropped
// right there (which cancels whatever they waited on). A name macros_join.rs uses too carries
// the file's name (Catch wants each name once).
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>

#include "conformance.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {


// Sets the flag when its frame is destroyed: finished or dropped.
struct DropFlag {
  std::shared_ptr<bool> dropped;
  explicit DropFlag(std::shared_ptr<bool> d) : dropped(std::move(d)) {}
  DropFlag(DropFlag&& other) noexcept : dropped(std::move(other.dropped)) {}
  ~DropFlag() {
    if (dropped) *dropped = true;
  }
};

Task<int> pending_holding(DropFlag flag) {
  auto kept = std::move(flag);
  co_return co_await pending();
}

}  // namespace

TEST_CASE("macros_select::sync_one_lit_expr_comma", "[tokio][macros_select]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<int> {
    auto first = co_await wakeline::select(ready(1));
    co_return std::get<0>(first);
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("sync_one_await", "[tokio][macros_select]") {
  TOKIO_RUNTIMES();
  auto body = [&]() -> Task<int> {
    auto later = [](std::chrono::nanoseconds d) -> Task<int> {
      co_await sleep(d);
      co_return 1;
    };
    auto first = co_await wakeline::select(later(rt.ms(5)));
    co_return std::get<0>(first);
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("biased_one_not_ready", "[tokio][macros_select]") {
  TOKIO_RUNTIMES();
  // The first branch is not ready; of the two ready ones, the one written first wins.
  auto body = []() -> Task<std::size_t> {
    auto [tx1, rx1] = oneshot::channel<int>("one");
    auto [tx2, rx2] = oneshot::channel<int>("two");
    auto [tx3, rx3] = oneshot::channel<int>("three");
    tx2.send(2);
    tx3.send(3);
    auto first = co_await wakeline::select(std::move(rx1), std::move(rx2), std::move(rx3));
    CHECK(std::get<1>(first) == 2);
    co_return first.index();
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("nested_one", "[tokio][macros_select]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<int> {
    auto inner = []() -> Task<int> {
      auto first = co_await wakeline::select(ready(1));
      co_return std::get<0>(first);
    };
    auto first = co_await wakeline::select(inner());
    co_return std::get<0>(first);
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("one_ready_many_none", "[tokio][macros_select]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<std::size_t> {
    auto first = co_await wakeline::select(pending(), pending(), ready(1), pending());
    co_return first.index();
  };
  auto result = checked_run(rt.options(), body());
  CHECK(result.main->value() == 2);
  CHECK(count(result.report.trace, EventKind::FutureDropped) == 3);
}

TEST_CASE("drop_in_fut", "[tokio][macros_select]") {
  TOKIO_RUNTIMES();
  // The losing branch owns a value; select drops the branch, and the value with it, before it
  // returns.
  auto body = []() -> Task<bool> {
    auto dropped = std::make_shared<bool>(false);
    DropFlag flag(dropped);
    auto first = co_await wakeline::select(pending_holding(std::move(flag)), ready(2));
    CHECK(first.index() == 1);
    co_return *dropped;
  };
  CHECK(checked_run(rt.options(), body()).main->value());
}

TEST_CASE("many_branches", "[tokio][macros_select]") {
  TOKIO_RUNTIMES();
  auto body = []() -> Task<int> {
    auto first = co_await wakeline::select(pending(), pending(), pending(), pending(), pending(), pending(), pending(),
                                 pending(), pending(), pending(), pending(), ready(1));
    co_return std::get<11>(first);
  };
  CHECK(checked_run(rt.options(), body()).main->value() == 1);
}

TEST_CASE("future_panics_after_poll", "[tokio][macros_select]") {
  TOKIO_RUNTIMES();
  // The first branch to finish fails: select reports its exception, as join! would its panic.
  auto body = [&]() -> Task<std::string> {
    auto fails = [](std::chrono::nanoseconds d) -> Task<int> {
      co_await sleep(d);
      throw std::runtime_error("boom");
    };
    try {
      (void)co_await wakeline::select(fails(rt.ms(1)), pending());
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "no error";
  };
  CHECK(checked_run(rt.options(), body()).main->value() == "boom");
}
