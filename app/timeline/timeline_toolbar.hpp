// The row above the ruler: Fit all (F), the task-lane and arrow switches, and the run's totals
// (length, workers, tasks, events) on the right.
#pragma once

#include <string>

#include "panels/theme.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_view.hpp"

namespace wakeline::app {

void draw_timeline_toolbar(TimelineView& view, const TimelineModel& model, const PanelRect& rect, const ThemeFonts& fonts,
                           float scale);

// "2 s run · 2 workers · 3 tasks · 48 events": what the toolbar shows on the right.
std::string run_totals_text(const TimelineModel& model);

}  // namespace wakeline::app
