// The playhead on the largest lesson trace: 120 000 jobs on four workers, about 1.3M events.
// Times are printed; the bounds are loose (shared machines), the expected figures far below them.
#include <chrono>
#include <cstdio>
#include <vector>

#include "lesson_runs.hpp"
#include "wakeline/playhead/playhead.hpp"
#include "wakeline/playhead/state_timeline.hpp"

using namespace lesson_tests;

namespace {
double micros_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

TEST_CASE("on the 1.3M-event trace of 120000 jobs state_at answers any position in well under a millisecond",
          "[playhead]") {
  const LessonRun run = run_lesson_with("work-stealing", {"tasks=120000"});
  const Trace& trace = run.trace();
  REQUIRE(trace.events.size() > 1'000'000);

  auto start = std::chrono::steady_clock::now();
  const StateTimeline timeline(trace);
  const double build_ms = micros_since(start) / 1000;

  // Positions spread over the whole trace, in no order: forwards and backwards jumps alike.
  std::uint64_t seed = 12345;
  std::vector<std::size_t> positions;
  for (int i = 0; i < 1000; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    positions.push_back(static_cast<std::size_t>((seed >> 17) % (timeline.size() + 1)));
  }
  std::size_t wrong = 0;
  start = std::chrono::steady_clock::now();
  for (std::size_t p : positions) wrong += timeline.state_at(p).position != p;
  const double state_at_us = micros_since(start) / static_cast<double>(positions.size());

  Playhead playhead(timeline);
  playhead.seek(timeline.size() / 2);
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10'000; ++i) playhead.step_forward();
  const double step_us = micros_since(start) / 10'000;
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) playhead.step_back();
  const double step_back_us = micros_since(start) / 100;

  std::printf("playhead on %zu events, %zu tasks: build %.0f ms (%zu checkpoints), state_at %.0f us on average, "
              "step forward %.2f us, step back %.0f us\n",
              trace.events.size(), timeline.catalog().task_table_size() - 1, build_ms, timeline.checkpoint_count(),
              state_at_us, step_us, step_back_us);
  CHECK(wrong == 0);
  CHECK(state_at_us < 5'000);  // measured ~0.2 ms
  CHECK(step_us < 50);
  CHECK(build_ms < 20'000);

  // The checkpoints change nothing: a few positions against a replay from the start.
  for (std::size_t p : {std::size_t{0}, timeline.size() / 3, timeline.size() - 1, timeline.size()})
    CHECK(timeline.state_at(p) == timeline.replay_from_start(p));
  CHECK(find_inconsistency(timeline.state_at(timeline.size())).empty());
}
