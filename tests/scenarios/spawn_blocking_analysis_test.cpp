#include "lesson_runs.hpp"

using namespace lesson_tests;

namespace {
int cpu_spans_on(const Trace& trace, ThreadKind kind) {
  int n = 0;
  for (const auto& event : trace.events)
    n += event.kind == EventKind::BlockingStart && event.a() == static_cast<std::uint64_t>(BlockingKind::CpuWork) &&
         trace.threads[event.thread].kind == kind;
  return n;
}
}  // namespace

TEST_CASE("ten 1000 ms fetches analysed for 200 ms each on the blocking pool take 1200 ms", "[spawn-blocking-analysis]") {
  const LessonRun run = run_lesson_with("spawn-blocking-analysis");
  CHECK(within_one_percent(run.total_ms, 1200));
  CHECK(blocking_spans_on(run.trace(), ThreadKind::Blocking) == 10);
  CHECK(blocking_spans_on(run.trace(), ThreadKind::Worker) == 0);
  CHECK(printed(run, "dataset 10 arrived at 1000 ms"));
  CHECK(printed_containing(run, "ratio of ones to zeros: "));
}

TEST_CASE("the same analysis inline on one worker takes 1000 + 10 x 200 = 3000 ms", "[spawn-blocking-analysis]") {
  const LessonRun run = run_lesson_with("spawn-blocking-analysis", {}, "inline-one-worker");
  CHECK(run.trace().run.flavor == Flavor::CurrentThread);
  CHECK(within_one_percent(run.total_ms, 3000));
  CHECK(cpu_spans_on(run.trace(), ThreadKind::Worker) == 10);
}

TEST_CASE("inline on two workers the analysis occupies the workers: at least 1000 + 10 x 200 / 2 ms",
          "[spawn-blocking-analysis]") {
  const LessonRun run = run_lesson_with("spawn-blocking-analysis", {"mode=inline"});
  CHECK(cpu_spans_on(run.trace(), ThreadKind::Worker) == 10);
  CHECK(run.total_ms >= 2000);
  CHECK(run.total_ms <= 2200 * 1.01);
}

TEST_CASE("three 500 ms fetches with 100 ms of analysis on the blocking pool take 600 ms", "[spawn-blocking-analysis]") {
  const LessonRun run = run_lesson_with("spawn-blocking-analysis", {"datasets=3", "latency_ms=500", "cpu_ms=100"});
  CHECK(within_one_percent(run.total_ms, 600));
}

TEST_CASE("on 2 cores the ten 200 ms analyses share them: 1000 + 10 x 200 / 2 = 2000 ms, as on Tokio",
          "[spawn-blocking-analysis][cores]") {
  const LessonRun run = run_lesson_with("spawn-blocking-analysis", {"cores=2"});
  CHECK(within_one_percent(run.total_ms, 2000));
  CHECK(blocking_spans_on(run.trace(), ThreadKind::Blocking) == 10);
  // Shared, not queued: every dataset's analysis ends at about the same time.
  for (const auto& line : run.output) {
    INFO(line);
    if (line.starts_with("processed dataset")) CHECK((line.ends_with(" at 1999 ms") || line.ends_with(" at 2000 ms")));
  }
}

TEST_CASE("inline on two workers with cores=2 takes as long as with a core per thread", "[spawn-blocking-analysis][cores]") {
  const LessonRun with_cores = run_lesson_with("spawn-blocking-analysis", {"mode=inline", "cores=2"});
  const LessonRun without = run_lesson_with("spawn-blocking-analysis", {"mode=inline"});
  CHECK(within_one_percent(with_cores.total_ms, without.total_ms));
}
