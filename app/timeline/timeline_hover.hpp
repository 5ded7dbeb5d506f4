// What is under the pointer, and what its tooltip says: the task, the thread, start and duration,
// what woke it, and the source line from Trace::locations. The hit test reads the draw items, so
// it finds exactly what was painted; the text is built from the model and the trace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "panels/theme.hpp"
#include "timeline/draw_items.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"

namespace wakeline::app {

enum class HoverKind : std::uint8_t { None, Span, Overlay, Marker, LaneLabel };

struct HoverTarget {
  HoverKind kind = HoverKind::None;
  RowKind row = RowKind::Thread;
  std::uint32_t lane = 0;
  DrawItem item;      // Span, Overlay
  MarkerItem marker;  // Marker
  TaskId task = 0;    // what a click selects: the span's task, the task lane's task; 0 for none
};

HoverTarget hit_test(const TimelineModel& model, const DrawItems& items, const TimelineLayout& layout, ImVec2 mouse);

struct Tooltip {
  std::string title;
  ImU32 swatch = 0;  // a colour square before the title; 0 for none
  std::vector<std::string> lines;
};

// hide_future (Reveal): a task lane's label says nothing of the task's whole life (its polls,
// waits and how it ends), only who spawned it and where.
Tooltip describe(const TimelineModel& model, const HoverTarget& target, bool hide_future = false);

// Shows `tip` beside the pointer this frame (nothing for an empty one): the title in the body
// font after its swatch, the lines muted.
void show_tooltip(const Tooltip& tip, const ThemeFonts& fonts);

// "lessons/sequential_vs_join.cpp:23": the last two path parts and the line; "" if unknown.
std::string short_location(const Trace& trace, LocationId location);
// A time since the run's start, precise enough to tell polls apart: "1.000005 s", "350 µs".
std::string format_time_point(double ns);

}  // namespace wakeline::app
