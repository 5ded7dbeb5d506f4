#include <set>

#include "lesson_runs.hpp"

using namespace lesson_tests;

namespace {
std::set<ThreadIndex> threads_polling_jobs(const Trace& trace) {
  std::set<ThreadIndex> threads;
  for (const auto& event : trace.events)
    if (event.kind == EventKind::PollStart && task_name(trace, event.task).starts_with("job ")) threads.insert(event.thread);
  return threads;
}
}  // namespace

TEST_CASE("1000 jobs of 50 us spread over 4 workers, some of them by stealing", "[work-stealing]") {
  const LessonRun run = run_lesson_with("work-stealing");
  CHECK(run.trace().run.workers == 4);
  CHECK(summarize(run.report).steals >= 1);
  CHECK(threads_polling_jobs(run.trace()).size() == 4);
  // 1000 x (50 us of work + 5 us per poll) / 4 workers = 13.75 ms, plus main's own polls.
  CHECK(run.total_ms >= 13.75);
  CHECK(run.total_ms < 15);
}

TEST_CASE("200 jobs fit in one local queue, so the other workers get them by stealing", "[work-stealing]") {
  const LessonRun run = run_lesson_with("work-stealing", {"tasks=200"});
  CHECK(summarize(run.report).steals >= 50);
  CHECK(threads_polling_jobs(run.trace()).size() == 4);
}

TEST_CASE("on current_thread nobody steals and 1000 jobs take about 1000 x 55 us", "[work-stealing]") {
  const LessonRun run = run_lesson_with("work-stealing", {}, "one-worker");
  CHECK(summarize(run.report).steals == 0);
  CHECK(run.total_ms >= 55);
  CHECK(run.total_ms < 56);
}
