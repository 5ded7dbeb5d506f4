// The menu bar (File, Run, View, Help), the keyboard shortcuts it lists, and the About box.
// Escape is deliberately bound to nothing: teachers press it by accident mid-lesson.
#pragma once

#include "app_state.hpp"
#include "panels/theme.hpp"

namespace wakeline::app {

// Draws the main menu bar and handles its shortcuts; returns the bar's height in pixels.
float draw_menu_bar(AppState& state, const ThemeFonts& fonts);

}  // namespace wakeline::app
