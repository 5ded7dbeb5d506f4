// The Console panel (bottom): what the lesson printed and what the app has to say, newest last,
// in the monospaced font.
#pragma once

#include "app_state.hpp"
#include "theme.hpp"

namespace wakeline::app {

void draw_console_panel(AppState& state, const ThemeFonts& fonts);

}  // namespace wakeline::app
