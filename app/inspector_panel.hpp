// The Inspector panel (right): details of whatever is selected on the timeline, such as a task,
// a poll or a wake, and what caused it.
#pragma once

#include "app_state.hpp"
#include "theme.hpp"

namespace wakeline::app {

void draw_inspector_panel(AppState& state, const ThemeFonts& fonts);

}  // namespace wakeline::app
