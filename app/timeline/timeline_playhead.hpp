// The playhead on the timeline: a cursor across ruler and lanes at the playhead's time, an optional
// cover over everything after it (reveal: "what happens next?"), and ticks on the ruler where the
// events of the code line picked in the Code panel happened. Painted after the lanes.
#pragma once

#include <cstdint>

#include <imgui.h>

#include "panels/theme.hpp"
#include "timeline/timeline_hover.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_view.hpp"

namespace wakeline::app {

void paint_playhead(ImDrawList& draw, const TimelineLayout& layout, const TimelineView& view, const ThemeFonts& fonts);

// The event behind what the pointer is on: a span's opening event, a marker's event; -1 for none.
std::int64_t event_under(const TimelineModel& model, const HoverTarget& hover);

}  // namespace wakeline::app
