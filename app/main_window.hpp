// Draws the whole UI each frame: the menu bar, then the panels placed by layout.hpp (the left
// column holds the lesson list above the parameters), then the File dialog and message modals.
// Reads and changes only the AppState passed in; what needs more than a frame (a run, a file
// export of the window's pixels) is left in state.requests for gui_main to carry out.
#pragma once

#include "app_state.hpp"
#include "panels/theme.hpp"

namespace wakeline::app {

// `now_s` is a steady clock in seconds, for how long a run has been going.
void draw_main_window(AppState& state, const ThemeFonts& fonts, double now_s);

}  // namespace wakeline::app
