#include "lesson_runs.hpp"

using namespace lesson_tests;

TEST_CASE("100 work items come back as input x 1000, in order, after about 1000 ms", "[worker-queue]") {
  const LessonRun run = run_lesson_with("worker-queue");
  std::vector<std::string> results;
  for (const auto& line : run.output)
    if (line.starts_with("work result")) results.push_back(line);
  REQUIRE(results.size() == 100);
  for (int i = 0; i < 100; ++i)
    CHECK(results[static_cast<std::size_t>(i)] ==
          "work result for item " + std::to_string(i) + ": " + std::to_string(i * 1000));
  CHECK(within_one_percent(run.total_ms, 1000));
  CHECK(printed(run, "worker: the queue is closed after 100 items"));
}

TEST_CASE("the worker reports every 100 ms: 10 more items each time", "[worker-queue]") {
  const LessonRun run = run_lesson_with("worker-queue");
  for (int k = 1; k <= 10; ++k) {
    INFO("report " << k);
    CHECK(printed(run, "worker: " + std::to_string(10 * k) + " items done so far, at " + std::to_string(100 * k) + " ms"));
  }
}

TEST_CASE("a 50 ms worker reports 2 items per 100 ms and 20 items take 1000 ms", "[worker-queue]") {
  const LessonRun run = run_lesson_with("worker-queue", {"items=20", "work_ms=50"});
  CHECK(printed(run, "worker: 2 items done so far, at 100 ms"));
  CHECK(printed(run, "worker: 10 items done so far, at 500 ms"));
  CHECK(printed(run, "work result for item 19: 19000"));
  CHECK(within_one_percent(run.total_ms, 1000));
}
