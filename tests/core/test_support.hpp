// Small helpers the core tests share: run a lesson-sized program and check its trace is valid,
// count events of a kind.
#pragma once

#include <catch2/catch.hpp>

#include "wakeline/runtime.hpp"
#include "wakeline/validate.hpp"

namespace wakeline::testing {

inline constexpr std::uint64_t kMs = 1'000'000;

inline int count(const Trace& trace, EventKind kind) {
  int n = 0;
  for (const auto& e : trace.events) n += e.kind == kind;
  return n;
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

}  // namespace wakeline::testing
