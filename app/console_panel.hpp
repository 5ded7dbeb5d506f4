// The Console panel (bottom): what the lesson printed, each line with the time it printed it, and
// what the app has to say (runs started and ended, files opened, errors), newest last, in the
// monospaced font.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "theme.hpp"

namespace wakeline::app {

void draw_console_panel(const std::vector<ConsoleLine>& lines, const ThemeFonts& fonts);

// "   1.000 s", "  12.500 ms", "   350.0 µs": fixed width, so printed lines align.
std::string console_time(std::uint64_t ns);

}  // namespace wakeline::app
