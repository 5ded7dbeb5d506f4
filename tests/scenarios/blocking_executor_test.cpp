#include "lesson_runs.hpp"

using namespace lesson_tests;

TEST_CASE("ten futures blocking the thread for t x 10 ms take 550 ms, one after another", "[blocking-executor]") {
  const LessonRun run = run_lesson_with("blocking-executor");
  CHECK(within_one_percent(run.total_ms, 550));
  CHECK(printed(run, "future 1 slept for 10 ms, finished after 10 ms"));
  CHECK(printed(run, "future 2 slept for 20 ms, finished after 30 ms"));
  CHECK(printed(run, "future 10 slept for 100 ms, finished after 550 ms"));
  CHECK(blocking_spans_on(run.trace(), ThreadKind::Worker) == 10);
}

TEST_CASE("the same ten futures with the runtime's sleep take 100 ms", "[blocking-executor]") {
  const LessonRun run = run_lesson_with("blocking-executor", {"mode=async_sleep"});
  CHECK(within_one_percent(run.total_ms, 100));
  CHECK(printed(run, "future 3 slept for 30 ms, finished after 30 ms"));
  CHECK(printed(run, "future 10 slept for 100 ms, finished after 100 ms"));
  CHECK(blocking_spans_on(run.trace(), ThreadKind::Worker) == 0);
}

TEST_CASE("thread sleeps moved to spawn_blocking take about 100 ms, on blocking-pool lanes", "[blocking-executor]") {
  const LessonRun run = run_lesson_with("blocking-executor", {}, "spawn_blocking");
  CHECK(run.total_ms >= 100);
  CHECK(run.total_ms < 102);
  CHECK(blocking_spans_on(run.trace(), ThreadKind::Blocking) == 10);
  CHECK(blocking_spans_on(run.trace(), ThreadKind::Worker) == 0);
}

TEST_CASE("four futures blocking for 25, 50, 75 and 100 ms take 250 ms", "[blocking-executor]") {
  const LessonRun run = run_lesson_with("blocking-executor", {"futures=4", "step_ms=25"});
  CHECK(within_one_percent(run.total_ms, 250));
  CHECK(printed(run, "all 4 futures finished after 250 ms"));
}
