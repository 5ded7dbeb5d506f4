// The timeline's second drawing step: paints the draw items (draw_items.hpp) with ImDrawList:
// the ruler, lane labels with a busy/blocked/idle bar, polls in their task's colour with the task's
// name, blocking sections striped red-orange, task states, markers, wake arrows, the selection.
// It reads only what it is given; nothing here walks the trace.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <string>

#include "panels/theme.hpp"
#include "timeline/draw_items.hpp"
#include "timeline/time_ruler.hpp"
#include "timeline/timeline_hover.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_view.hpp"

namespace wakeline::app {

struct PaintInput {
  const TimelineModel& model;
  const DrawItems& items;
  const TimeRuler& ruler;
  const TimelineLayout& layout;
  const TimelineView& view;
  const ThemeFonts& fonts;
  const HoverTarget& hover;
  float mouse_x = -1;  // screen x of the pointer over the plot, or < 0: draws the time cursor
};

// A layout with a zero-height ruler paints no ruler, one with zero-height sections no section
// headers: that is how the Compare view stacks several runs' lanes under one ruler. A thread lane
// too short for its busy/idle line and bar shows just its name.
void paint_timeline(ImDrawList& draw, const PaintInput& in);

// The note above the lanes when too many wake arrows are in view to draw:
// "1,128,536 wake arrows in view: zoom in to see them", or where that is too wide (a narrow
// timeline, the playhead close to its left) "1,128,536 wake arrows hidden: zoom in".
std::string hidden_arrows_note(std::size_t hidden, bool whole = true);

}  // namespace wakeline::app
