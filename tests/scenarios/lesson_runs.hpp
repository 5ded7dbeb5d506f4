// What the lesson tests share: run a lesson by id with `--set`-style settings (checked the same
// way the CLI checks them), and count or find events in its trace.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/validate.hpp"

namespace lesson_tests {

using namespace wakeline;
using namespace wakeline::scenarios;

struct LessonRun {
  RunReport report;
  std::vector<std::string> output;  // what the lesson printed, in order
  double total_ms = 0;
  const Trace& trace() const { return report.trace; }
};

inline LessonRun run_lesson_with(std::string_view id, std::vector<std::string> settings = {}, std::string variant = {}) {
  const Lesson* lesson = find_lesson(id);
  REQUIRE(lesson != nullptr);
  const SetupParse setup = parse_setup(*lesson, SetupRequest{std::move(variant), std::move(settings)});
  INFO(setup.error);
  REQUIRE(setup.ok());
  LessonRun run;
  run.report = run_lesson(*lesson, setup.setup.params, setup.setup.runtime);
  run.output = printed_lines(run.report.trace);
  run.total_ms = static_cast<double>(run.report.total_ns) / 1e6;
  INFO("fault: " << run.report.fault);
  REQUIRE(run.report.fault.empty());
  REQUIRE_FALSE(run.report.deadlocked);
  return run;
}

// Virtual-clock totals are pinned within 1%: polls cost a few microseconds of virtual time each.
inline bool within_one_percent(double actual_ms, double expected_ms) {
  return actual_ms >= expected_ms && actual_ms <= expected_ms * 1.01;
}

inline int count_events(const Trace& trace, EventKind kind) {
  int n = 0;
  for (const auto& event : trace.events) n += event.kind == kind;
  return n;
}

inline bool printed(const LessonRun& run, std::string_view line) {
  for (const auto& text : run.output)
    if (text == line) return true;
  return false;
}

inline bool printed_containing(const LessonRun& run, std::string_view fragment) {
  for (const auto& text : run.output)
    if (text.find(fragment) != std::string::npos) return true;
  return false;
}

// The name a task was spawned with.
inline std::string task_name(const Trace& trace, TaskId task) {
  for (const auto& event : trace.events)
    if (event.kind == EventKind::TaskSpawned && event.task == task) return std::string(trace.str(static_cast<StringId>(event.b())));
  return {};
}

// A trace the app can show: validate() passes.
inline void require_valid(const LessonRun& run) {
  const ValidationResult result = validate(run.trace());
  INFO(result.message);
  REQUIRE(result.ok);
}

inline constexpr std::uint64_t kMs = 1'000'000;

// Futures a combinator of this kind dropped (select's losers, try_join's unfinished branches).
inline int dropped_by(const Trace& trace, CombinatorKind kind) {
  int n = 0;
  for (const auto& event : trace.events)
    n += event.kind == EventKind::FutureDropped && event.b() == static_cast<std::uint64_t>(kind);
  return n;
}

// Blocking spans of any kind on lanes of this kind: a spawn_blocking job is one span on its
// blocking-pool lane, whatever it does inside.
inline int blocking_spans_on(const Trace& trace, ThreadKind kind) {
  int n = 0;
  for (const auto& event : trace.events)
    n += event.kind == EventKind::BlockingStart && trace.threads[event.thread].kind == kind;
  return n;
}

}  // namespace lesson_tests
