#include <algorithm>

#include "lesson_runs.hpp"

using namespace lesson_tests;

namespace {
std::vector<std::uint64_t> timer_set_times(const Trace& trace) {
  std::vector<std::uint64_t> times;
  for (const auto& event : trace.events)
    if (event.kind == EventKind::TimerSet) times.push_back(event.time_ns);
  return times;
}
}  // namespace

TEST_CASE("a future created and awaited 500 ms later starts only then: 500 + 100 ms", "[lazy-future]") {
  const LessonRun run = run_lesson_with("lazy-future");
  CHECK(run.output == std::vector<std::string>{
                          "future created at 0 ms; waiting 500 ms before awaiting it",
                          "awaiting it at 500 ms",
                          "fetch_greeting starts running at 500 ms",
                          "fetch_greeting has its answer at 600 ms",
                          "got 'vwdxbkoq8jl8bkyq' after 600 ms",
                      });
  CHECK(within_one_percent(run.total_ms, 600));
  // Two timers: main's own 500 ms sleep at the start, the fetch's only after it.
  const auto timers = timer_set_times(run.trace());
  REQUIRE(timers.size() == 2);
  CHECK(timers[0] == 0);
  CHECK(timers[1] >= 500 * kMs);
  CHECK(count_events(run.trace(), EventKind::TaskSpawned) == 1);  // only main: the future is no task
}

TEST_CASE("a spawned future starts at once and overlaps the 500 ms wait", "[lazy-future]") {
  const LessonRun run = run_lesson_with("lazy-future", {"mode=spawn"});
  CHECK(printed(run, "fetch_greeting starts running at 0 ms"));
  CHECK(within_one_percent(run.total_ms, 500));
  const auto timers = timer_set_times(run.trace());
  CHECK(std::all_of(timers.begin(), timers.end(), [](std::uint64_t t) { return t < 1 * kMs; }));
}

TEST_CASE("awaited after 2000 ms, a 300 ms fetch ends at 2300 ms", "[lazy-future]") {
  const LessonRun run = run_lesson_with("lazy-future", {"delay_ms=2000", "fetch_ms=300"});
  CHECK(printed(run, "fetch_greeting starts running at 2000 ms"));
  CHECK(within_one_percent(run.total_ms, 2300));
}
