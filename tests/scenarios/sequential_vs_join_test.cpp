#include <algorithm>
#include <set>

#include "lesson_runs.hpp"

using namespace lesson_tests;

namespace {
std::set<ThreadIndex> polling_threads(const Trace& trace) {
  std::set<ThreadIndex> threads;
  for (const auto& event : trace.events)
    if (event.kind == EventKind::PollStart) threads.insert(event.thread);
  return threads;
}
}  // namespace

TEST_CASE("two sequential 1000 ms requests take 2000 ms", "[sequential-vs-join]") {
  const LessonRun run = run_lesson_with("sequential-vs-join");
  CHECK(within_one_percent(run.total_ms, 2000));
  CHECK(printed(run, "got response 1 (64 bytes) after 1000 ms"));
  CHECK(printed(run, "got response 2 (64 bytes) after 2000 ms"));
}

TEST_CASE("two joined 1000 ms requests take 1000 ms, every poll on one worker", "[sequential-vs-join]") {
  const LessonRun run = run_lesson_with("sequential-vs-join", {"mode=join"});
  CHECK(run.trace().run.workers == 2);
  CHECK(within_one_percent(run.total_ms, 1000));
  CHECK(polling_threads(run.trace()).size() == 1);
  CHECK(count_events(run.trace(), EventKind::TaskSpawned) == 1);  // main only: join adds no task
}

TEST_CASE("two spawned 1000 ms requests take 1000 ms as tasks of their own", "[sequential-vs-join]") {
  const LessonRun run = run_lesson_with("sequential-vs-join", {}, "spawn");
  CHECK(within_one_percent(run.total_ms, 1000));
  CHECK(count_events(run.trace(), EventKind::TaskSpawned) == 3);  // main and two requests
}

TEST_CASE("five sequential 200 ms requests take 1000 ms, joined they take 200 ms", "[sequential-vs-join]") {
  CHECK(within_one_percent(run_lesson_with("sequential-vs-join", {"requests=5", "latency_ms=200"}).total_ms, 1000));
  CHECK(within_one_percent(
      run_lesson_with("sequential-vs-join", {"requests=5", "latency_ms=200", "mode=join", "flavor=current_thread"}).total_ms,
      200));
}

TEST_CASE("joined, the poll at 1000 ms starts at request 2 (join takes turns like join!)", "[sequential-vs-join]") {
  // Both timers fire at 1000 ms. The join's second poll starts at its second branch, so request 1
  // is the last to finish and the one that wakes main (branch 0).
  const LessonRun run = run_lesson_with("sequential-vs-join", {"mode=join"});
  int join_wakes = 0;
  for (const auto& event : run.trace().events) {
    if (event.kind != EventKind::TaskWoken || event.a() != static_cast<std::uint64_t>(WakeCause::JoinChild)) continue;
    ++join_wakes;
    CHECK(event.time_ns == 1000 * 1'000'000ull);
    CHECK(event.b() == 0);
  }
  CHECK(join_wakes == 1);
  const auto first = std::find(run.output.begin(), run.output.end(), "got response 1 (64 bytes) after 1000 ms");
  const auto second = std::find(run.output.begin(), run.output.end(), "got response 2 (64 bytes) after 1000 ms");
  REQUIRE(first != run.output.end());
  REQUIRE(second != run.output.end());
  CHECK(second < first);
}
