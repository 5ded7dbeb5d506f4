#include "lesson_runs.hpp"

using namespace lesson_tests;

namespace {
int dropped_by(const Trace& trace, CombinatorKind kind) {
  int n = 0;
  for (const auto& event : trace.events)
    n += event.kind == EventKind::FutureDropped && event.b() == static_cast<std::uint64_t>(kind);
  return n;
}
}  // namespace

TEST_CASE("three fetches of 100, 200 and 150 ms under try_join all answer by 200 ms", "[timeout-try-join]") {
  const LessonRun run = run_lesson_with("timeout-try-join");
  CHECK(run.output == std::vector<std::string>{
                          "svc-a answered after 100 ms",
                          "svc-c answered after 150 ms",
                          "svc-b answered after 200 ms",
                          "all answered after 200 ms: svc-a: OK, svc-b: OK, svc-c: OK",
                      });
  CHECK(within_one_percent(run.total_ms, 200));
  CHECK(dropped_by(run.trace(), CombinatorKind::TryJoin) == 0);
}

TEST_CASE("when the first fetch fails at 100 ms try_join stops there and drops the other two", "[timeout-try-join]") {
  const LessonRun run = run_lesson_with("timeout-try-join", {"fail=first"});
  CHECK(run.output == std::vector<std::string>{"fetch_all failed after 100 ms: svc-a refused the connection"});
  CHECK(within_one_percent(run.total_ms, 100));
  CHECK(dropped_by(run.trace(), CombinatorKind::TryJoin) == 2);
}

TEST_CASE("when the third fetch fails at 150 ms only the 200 ms fetch is still there to drop", "[timeout-try-join]") {
  const LessonRun run = run_lesson_with("timeout-try-join", {}, "third-fails");
  CHECK(printed(run, "svc-a answered after 100 ms"));
  CHECK(printed(run, "fetch_all failed after 150 ms: svc-c refused the connection"));
  CHECK(within_one_percent(run.total_ms, 150));
  CHECK(dropped_by(run.trace(), CombinatorKind::TryJoin) == 1);
}

TEST_CASE("a 120 ms deadline cancels the whole try_join at 120 ms", "[timeout-try-join]") {
  const LessonRun run = run_lesson_with("timeout-try-join", {"deadline_ms=120"});
  CHECK(printed(run, "svc-a answered after 100 ms"));
  CHECK(printed(run, "the 120 ms deadline passed first; every fetch still running was cancelled"));
  CHECK(within_one_percent(run.total_ms, 120));
  CHECK(dropped_by(run.trace(), CombinatorKind::Timeout) == 1);
}
