// The Timeline panel (centre): one lane per worker and thread, with every poll, wake and steal on
// a shared time axis. Until a lesson has run it shows the empty axis and what to do next.
#pragma once

#include "app_state.hpp"
#include "theme.hpp"

namespace wakeline::app {

void draw_timeline_panel(AppState& state, const ThemeFonts& fonts);

}  // namespace wakeline::app
