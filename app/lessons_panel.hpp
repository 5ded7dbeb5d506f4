// The Lessons panel (left): the list of lessons to pick from, and their parameters.
// Until the scenarios library lands it only says so.
#pragma once

#include "app_state.hpp"
#include "theme.hpp"

namespace wakeline::app {

void draw_lessons_panel(AppState& state, const ThemeFonts& fonts);

}  // namespace wakeline::app
