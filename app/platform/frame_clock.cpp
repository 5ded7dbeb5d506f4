#include "platform/frame_clock.hpp"

#include <time.h>

#include <algorithm>

namespace wakeline::app {

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

void note_frame_time(FrameTimes& times, float ms) {
  times.recent_ms[times.frames % FrameTimes::kKept] = ms;
  times.last_ms = ms;
  ++times.frames;
}

float slowest_recent_ms(const FrameTimes& times, std::size_t count) {
  count = std::min({count, FrameTimes::kKept, static_cast<std::size_t>(times.frames)});
  float slowest = 0;
  for (std::size_t back = 1; back <= count; ++back) {
    slowest = std::max(slowest, times.recent_ms[(times.frames - back) % FrameTimes::kKept]);
  }
  return slowest;
}

}  // namespace wakeline::app
