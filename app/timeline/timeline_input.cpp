#include "timeline/timeline_input.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

#include "timeline/timeline_navigation.hpp"
#include "timeline/timeline_playhead.hpp"

namespace wakeline::app {
namespace {

constexpr float kClickSlopPx = 4.0f;       // a press that moves less than this is a click
constexpr float kMinZoomSelectPx = 4.0f;   // a narrower shift-drag is treated as a click
constexpr float kWheelScrollLanes = 2.0f;  // lanes scrolled per wheel notch over the labels

}  // namespace

TimelineInput apply_timeline_input(TimelineView& view, const TimelineModel& model, const TimelineLayout& layout) {
  ImGuiIO& io = ImGui::GetIO();
  TimelineInput input;
  input.mouse = io.MousePos;
  const TimeWindow window = layout.window(view);
  const auto time_at = [&](float screen_x) { return window.ns_at(screen_x - layout.plot.min.x); };

  const ImVec2 area_min(layout.gutter.min.x, layout.ruler.min.y);
  const ImVec2 area_max(layout.plot.max.x, layout.plot.max.y);
  if (area_max.x - area_min.x < 1 || area_max.y - area_min.y < 1) return input;
  ImGui::SetCursorScreenPos(area_min);
  ImGui::InvisibleButton("##timeline-lanes", ImVec2(area_max.x - area_min.x, area_max.y - area_min.y));
  input.hovered = ImGui::IsItemHovered();
  const bool over_labels = layout.gutter.contains(io.MousePos);

  // Wheel: zoom around the pointer; over the labels, scroll the lanes. A sideways wheel pans.
  if (input.hovered && io.MouseWheel != 0) {
    if (over_labels || io.KeyCtrl) {
      view.scroll_y = std::clamp(view.scroll_y - io.MouseWheel * kWheelScrollLanes * layout.thread_lane_height, 0.0f,
                                 layout.max_scroll());
    } else {
      const float x = std::clamp(io.MousePos.x, layout.plot.min.x, layout.plot.max.x);
      zoom_around(view, model, time_at(x), wheel_zoom_factor(io.MouseWheel));
    }
  }
  if (input.hovered && io.MouseWheelH != 0) pan_by(view, model, -io.MouseWheelH * 40.0 * window.ns_per_px());

  // Press, drag, release.
  if (ImGui::IsItemActivated()) {
    view.scrubbing = layout.ruler.contains(io.MousePos);
    view.selecting = io.KeyShift && !over_labels && !view.scrubbing;
    view.selection_from_ns = view.selection_to_ns = time_at(io.MousePos.x);
  }
  if (ImGui::IsItemActive()) {
    const bool moved = io.MouseDragMaxDistanceSqr[0] >= kClickSlopPx * kClickSlopPx;
    input.dragging = moved || view.scrubbing;
    if (view.scrubbing) {
      view.scrub_to_ns = std::max(0.0, time_at(std::clamp(io.MousePos.x, layout.plot.min.x, layout.plot.max.x)));
    } else if (view.selecting) {
      view.selection_to_ns = time_at(std::clamp(io.MousePos.x, layout.plot.min.x, layout.plot.max.x));
    } else if (moved && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
      // Dragging the labels only scrolls; dragging the lanes pans in time too.
      if (!layout.gutter.contains(io.MouseClickedPos[0])) pan_by(view, model, -io.MouseDelta.x * window.ns_per_px());
      view.scroll_y = std::clamp(view.scroll_y - io.MouseDelta.y, 0.0f, layout.max_scroll());
    }
  }
  if (ImGui::IsItemDeactivated()) {
    const bool moved = io.MouseDragMaxDistanceSqr[0] >= kClickSlopPx * kClickSlopPx;
    if (view.scrubbing) {
      view.scrubbing = false;
    } else if (view.selecting) {
      const float width_px = std::fabs(window.x_of(view.selection_to_ns) - window.x_of(view.selection_from_ns));
      if (width_px >= kMinZoomSelectPx) zoom_to_range(view, model, view.selection_from_ns, view.selection_to_ns);
      else input.clicked = true;
      view.selecting = false;
    } else if (!moved) {
      input.clicked = true;
    }
  }
  input.double_clicked = input.hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);

  // F: fit the whole run, unless someone is typing into a field.
  if (!io.WantTextInput && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) && ImGui::IsKeyPressed(GLFW_KEY_F, false)) {
    follow_run(view);
  }
  return input;
}

void apply_click(TimelineView& view, const TimelineModel& model, const TimelineInput& input, const HoverTarget& hover) {
  if (input.double_clicked && (hover.kind == HoverKind::Span || hover.kind == HoverKind::Overlay)) {
    const double length = static_cast<double>(hover.item.end_ns - hover.item.start_ns);
    const double margin = std::max(length * 0.15, kMinVisibleNs);
    zoom_to_range(view, model, static_cast<double>(hover.item.start_ns) - margin, static_cast<double>(hover.item.end_ns) + margin);
    return;
  }
  if (!input.clicked) return;
  view.clicked_event = event_under(model, hover);
  if (hover.task != 0) view.selected_task = hover.task;
  else if (hover.kind == HoverKind::None) view.selected_task = 0;  // a click on nothing clears; on a folded run keeps it
}

}  // namespace wakeline::app
