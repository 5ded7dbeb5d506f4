// The mouse and keyboard on the timeline: the wheel zooms around the pointer (over the lane labels
// it scrolls the lanes), dragging pans in time and scrolls, shift-drag marks a range and zooms to
// it, a click selects the task under the pointer (a click on nothing clears it), a double click
// zooms to a span, F fits the whole run. Reads ImGui's input; changes only the TimelineView.
#pragma once

#include <imgui.h>

#include "timeline/timeline_hover.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_view.hpp"

namespace wakeline::app {

struct TimelineInput {
  bool hovered = false;       // the pointer is over the lanes or the ruler
  bool clicked = false;       // released without dragging: select what is under the pointer
  bool double_clicked = false;
  bool dragging = false;      // panning or marking a range: no tooltip meanwhile
  ImVec2 mouse;
};

// Call once per frame, where the lanes are (it places an invisible button over ruler, labels and
// lanes). Moves the view; the layout's scroll is stale afterwards, so lay out again.
TimelineInput apply_timeline_input(TimelineView& view, const TimelineModel& model, const TimelineLayout& layout);

// After the draw items are ready: what a click or double click on `hover` does.
void apply_click(TimelineView& view, const TimelineModel& model, const TimelineInput& input, const HoverTarget& hover);

}  // namespace wakeline::app
