// Small helpers the core tests share: run a lesson-sized program and check its trace is valid,
// count events of a kind.
#pragma once

#include <catch2/catch.hpp>

#include <string_view>

#include "wakeline/oneshot.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/time.hpp"
#include "wakeline/validate.hpp"

namespace wakeline::testing {

inline constexpr std::uint64_t kMs = 1'000'000;

inline int count(const Trace& trace, EventKind kind) {
  int n = 0;
  for (const auto& e : trace.events) n += e.kind == kind;
  return n;
}

// The id of the channel created under `name`, or 0 when there is none.
inline std::uint64_t channel_named(const Trace& trace, std::string_view name) {
  for (const auto& e : trace.events)
    if (e.kind == EventKind::ChannelCreated && trace.str(static_cast<StringId>(e.b())) == name) return e.a();
  return 0;
}

// Small futures many cases build on: one already done, one done after `d`, one never done.
inline Task<int> ready(int v) { co_return v; }

inline Task<int> after(std::chrono::nanoseconds d, int value) {
  co_await sleep(d);
  co_return value;
}

inline Task<int> pending() {
  auto [tx, rx] = oneshot::channel<int>("never");
  auto v = co_await std::move(rx);
  co_return v.value_or(0);
}

inline void require_valid(const Trace& trace) {
  auto v = validate(trace);
  INFO(v.message);
  REQUIRE(v.ok);
}

// run(), then validate() the trace it recorded: every test's trace must pass the invariants.
template <typename T>
RunResult<T> checked_run(const RuntimeOptions& options, Task<T> main) {
  auto result = run(options, std::move(main));
  require_valid(result.report.trace);
  return result;
}

inline RuntimeOptions multi_thread(std::uint32_t workers, ClockKind clock = ClockKind::Virtual) {
  RuntimeOptions o;
  o.flavor = Flavor::MultiThread;
  o.workers = workers;
  o.clock = clock;
  return o;
}

// Many tests run twice: on the virtual clock (current_thread), where times are exact, and on
// multi_thread(2) with the real clock and every duration 50x shorter, where tasks really run in
// parallel. Orderings that only timing decides are asserted on the virtual clock alone.
struct Mode {
  bool real = false;
  RuntimeOptions options() const {
    RuntimeOptions o;
    if (real) {
      o.flavor = Flavor::MultiThread;
      o.workers = 2;
      o.clock = ClockKind::Real;
      o.deadlock_quiet_period = std::chrono::milliseconds(100);
    }
    return o;
  }
  std::chrono::nanoseconds ms(std::int64_t n) const {
    return real ? std::chrono::nanoseconds(n * 20'000) : std::chrono::nanoseconds(n * 1'000'000);
  }
  // Exactly `n` ms on the virtual clock (plus poll costs); no sooner on the real clock.
  bool took(const RunReport& report, std::int64_t n) const {
    auto at_least = static_cast<std::uint64_t>(ms(n).count());
    return report.total_ns >= at_least && (real || report.total_ns < at_least + kMs);
  }
};

// sleep() as a Task.
inline Task<> nap(std::chrono::nanoseconds d) { co_await sleep(d); }

}  // namespace wakeline::testing

#define WAKELINE_MODES()                                        \
  const ::wakeline::testing::Mode mode{GENERATE(false, true)}; \
  INFO((mode.real ? "multi_thread(2), real clock" : "current_thread, virtual clock"))

