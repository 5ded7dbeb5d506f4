// How much of the UI thread's own CPU each frame costs: building the panels and their draw lists,
// not the GPU's (or the software rasterizer's) work. Kept for the last frames so --dump-ui, and the
// GUI test that zooms a 200 000-task run, can tell whether the window stays live.
#pragma once

#include <array>
#include <cstdint>

namespace wakeline::app {

struct FrameTimes {
  static constexpr std::size_t kKept = 120;
  std::uint64_t frames = 0;           // frames built since the window opened
  std::array<float, kKept> recent_ms{};  // ring buffer: frame f is at f % kKept
  float last_ms = 0;
};

// The calling thread's CPU time so far, in ms (CLOCK_THREAD_CPUTIME_ID: time spent waiting on a
// busy machine does not count, so the figure is the app's own).
double thread_cpu_ms();

void note_frame_time(FrameTimes& times, float ms);

// The slowest of the last `count` frames (at most kKept), 0 before the first.
float slowest_recent_ms(const FrameTimes& times, std::size_t count);

}  // namespace wakeline::app
