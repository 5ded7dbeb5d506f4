// The Tokio conformance suite's one harness. Each file here follows one of Tokio's integration
// test files (tokio/tests/<name>.rs); each case is named after the Tokio test it mirrors and runs
// on every runtime a lesson can pick: current_thread and multi_thread(2), each on the virtual
// clock and on the real one. A case asserts what Tokio promises on every runtime; orderings only
// timing decides are asserted where `rt.is_virtual()`.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "wakeline/io.hpp"

namespace wakeline::conformance {

struct Rt {
  Flavor flavor = Flavor::CurrentThread;
  ClockKind clock = ClockKind::Virtual;

  bool is_virtual() const { return clock == ClockKind::Virtual; }
  bool is_multi() const { return flavor == Flavor::MultiThread; }

  RuntimeOptions options() const {
    RuntimeOptions o;
    o.flavor = flavor;
    o.workers = is_multi() ? 2 : 1;
    o.clock = clock;
    if (!is_virtual()) o.deadlock_quiet_period = std::chrono::milliseconds(100);
    return o;
  }
  // Durations: exact on the virtual clock; 50x shorter on the real one, so the suite stays quick.
  std::chrono::nanoseconds ms(std::int64_t n) const {
    return is_virtual() ? std::chrono::nanoseconds(n * 1'000'000) : std::chrono::nanoseconds(n * 20'000);
  }
  std::string name() const {
    return std::string(is_multi() ? "multi_thread(2)" : "current_thread") + (is_virtual() ? ", virtual clock" : ", real clock");
  }
};

}  // namespace wakeline::conformance

namespace wakeline::testing {

// A branch that records and prints its number, then yields, four times over (the branch of
// Tokio's join and try_join poll_order tests).
inline Task<> take_turns(int n, std::vector<int>& order) {
  for (int i = 0; i < 4; ++i) {
    order.push_back(n);
    print("branch ", n);
    co_await yield_now();
  }
}

}  // namespace wakeline::testing

// One line at the top of a case: the rest of it runs once per runtime.
#define TOKIO_RUNTIMES()                                                                                  \
  const ::wakeline::conformance::Rt rt = GENERATE(                                                       \
      ::wakeline::conformance::Rt{::wakeline::Flavor::CurrentThread, ::wakeline::ClockKind::Virtual},      \
      ::wakeline::conformance::Rt{::wakeline::Flavor::MultiThread, ::wakeline::ClockKind::Virtual},        \
      ::wakeline::conformance::Rt{::wakeline::Flavor::CurrentThread, ::wakeline::ClockKind::Real},         \
      ::wakeline::conformance::Rt{::wakeline::Flavor::MultiThread, ::wakeline::ClockKind::Real});          \
  INFO(rt.name())
