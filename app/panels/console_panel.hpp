// The Console panel (bottom): what the lesson printed, each line with the time it printed it, and
// what the app has to say (runs started and ended, files opened, errors), newest last, in the
// monospaced font.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "panels/theme.hpp"
#include "wakeline/playhead/runtime_state.hpp"

namespace wakeline::app {

// While the playhead steps through a run: what the run printed, in step with it.
struct ConsoleStep {
  std::span<const PrintedLine> lines;  // everything the run prints
  std::size_t printed = 0;             // how many of them the playhead has passed
  bool reveal = false;                 // hide the lines still to come instead of dimming them
};

// `step` null: the app's log with the lesson's output, newest last. Otherwise the run's output at
// the playhead, the line printed last marked, later ones dimmed or hidden.
void draw_console_panel(const std::vector<ConsoleLine>& lines, const ConsoleStep* step, const ThemeFonts& fonts);

// "   1.000 s", "  12.500 ms", "   350.0 µs": fixed width, so printed lines align.
std::string console_time(std::uint64_t ns);

}  // namespace wakeline::app
