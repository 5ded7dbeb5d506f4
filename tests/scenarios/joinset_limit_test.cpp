#include <algorithm>

#include "lesson_runs.hpp"

using namespace lesson_tests;

namespace {
// The most page tasks alive at once: spawned and not yet completed.
int most_pages_in_flight(const Trace& trace) {
  int alive = 0, most = 0;
  for (const auto& event : trace.events) {
    if (event.task == 0 || !task_name(trace, event.task).starts_with("page ")) continue;
    if (event.kind == EventKind::TaskSpawned) most = std::max(most, ++alive);
    if (event.kind == EventKind::TaskCompleted) --alive;
  }
  return most;
}
}  // namespace

TEST_CASE("12 pages of 1000 ms, at most 3 in flight, arrive in 4 waves and take 4000 ms", "[joinset-limit]") {
  const LessonRun run = run_lesson_with("joinset-limit");
  CHECK(within_one_percent(run.total_ms, 4000));
  for (int page = 1; page <= 12; ++page) {
    const int wave = (page + 2) / 3;
    CHECK(printed(run, "page " + std::to_string(page) + " fetched at " + std::to_string(wave * 1000) + " ms"));
  }
  CHECK(printed(run, "12 pages, 6144 bytes, at most 3 at a time: done after 4000 ms"));
}

// On one worker the trace's order is the program's order, so the page lanes can be counted
// directly. (On several virtual workers a completion is stamped at the end of its poll, a few
// microseconds after another worker may already have acted on it.)
TEST_CASE("on current_thread the trace never shows more than 3 page tasks alive", "[joinset-limit]") {
  const LessonRun run = run_lesson_with("joinset-limit", {"flavor=current_thread"});
  CHECK(most_pages_in_flight(run.trace()) == 3);
  CHECK(within_one_percent(run.total_ms, 4000));
}

TEST_CASE("7 pages of 500 ms, 3 at a time, take ceil(7 / 3) x 500 = 1500 ms", "[joinset-limit]") {
  const LessonRun run = run_lesson_with("joinset-limit", {"pages=7", "latency_ms=500"});
  CHECK(within_one_percent(run.total_ms, 1500));
}

TEST_CASE("with limit 1 the pages go one at a time, with limit 12 all at once", "[joinset-limit]") {
  const LessonRun one = run_lesson_with("joinset-limit", {"pages=4", "limit=1", "flavor=current_thread"});
  CHECK(within_one_percent(one.total_ms, 4000));
  CHECK(most_pages_in_flight(one.trace()) == 1);
  const LessonRun all = run_lesson_with("joinset-limit", {}, "no-limit");
  CHECK(within_one_percent(all.total_ms, 1000));
  CHECK(most_pages_in_flight(all.trace()) == 12);
}
