#include "lesson_runs.hpp"

using namespace lesson_tests;

namespace {
int dropped_by(const Trace& trace, CombinatorKind kind) {
  int n = 0;
  for (const auto& event : trace.events)
    n += event.kind == EventKind::FutureDropped && event.b() == static_cast<std::uint64_t>(kind);
  return n;
}

bool task_cancelled(const Trace& trace, std::string_view name) {
  for (const auto& event : trace.events)
    if (event.kind == EventKind::TaskCancelled && task_name(trace, event.task) == name) return true;
  return false;
}
}  // namespace

TEST_CASE("the cat (30 ms) beats the dog (50 ms) and the dog's recv is dropped", "[select-race]") {
  const LessonRun run = run_lesson_with("select-race");
  CHECK(printed(run, "the winner is cat after 30 ms"));
  CHECK_FALSE(printed_containing(run, "dog crosses"));
  CHECK(within_one_percent(run.total_ms, 30));
  CHECK(dropped_by(run.trace(), CombinatorKind::Select) == 1);
  CHECK(task_cancelled(run.trace(), "dog"));  // still running when main returned
}

TEST_CASE("with the cat at 80 ms the dog wins at 50 ms", "[select-race]") {
  const LessonRun run = run_lesson_with("select-race", {"cat_ms=80"});
  CHECK(printed(run, "the winner is dog after 50 ms"));
  CHECK(within_one_percent(run.total_ms, 50));
  CHECK(dropped_by(run.trace(), CombinatorKind::Select) == 1);
  CHECK(task_cancelled(run.trace(), "cat"));
}

TEST_CASE("an 8000 ms request against a 5000 ms deadline times out at 5000 ms", "[select-race]") {
  const LessonRun run = run_lesson_with("select-race", {"mode=timeout"});
  CHECK(run.output == std::vector<std::string>{"request timed out after 5000 ms"});
  CHECK(within_one_percent(run.total_ms, 5000));
  CHECK(dropped_by(run.trace(), CombinatorKind::Timeout) == 1);
  CHECK(count_events(run.trace(), EventKind::TimerCancelled) == 1);  // the request's own timer
}

TEST_CASE("a 1000 ms request within the 5000 ms deadline answers at 1000 ms", "[select-race]") {
  const LessonRun run = run_lesson_with("select-race", {}, "in-time");
  CHECK(run.output == std::vector<std::string>{"got 64 bytes after 1000 ms"});
  CHECK(within_one_percent(run.total_ms, 1000));
}
