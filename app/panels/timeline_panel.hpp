// The Timeline panel (centre): one lane per worker and thread, one per task, with every poll,
// wake and blocking section on a shared time axis. Until a lesson has run it shows the empty axis
// and what to do next. The pieces live in app/timeline/ (model, draw items, ruler, painter, input).
#pragma once

#include "panels/theme.hpp"
#include "timeline/timeline_view.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// Fills the current window's content area. `trace` may be null (nothing has run yet). The view
// holds the visible window, selection and the derived model (rebuilt when `trace` changes).
void draw_timeline_panel(const Trace* trace, TimelineView& view, const ThemeFonts& fonts, float ui_scale);

}  // namespace wakeline::app
