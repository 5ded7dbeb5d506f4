// Draws the whole UI each frame: the menu bar, then the four panels placed by layout.hpp.
// Reads and changes only the AppState passed in.
#pragma once

#include "app_state.hpp"
#include "theme.hpp"

namespace wakeline::app {

void draw_main_window(AppState& state, const ThemeFonts& fonts);

}  // namespace wakeline::app
