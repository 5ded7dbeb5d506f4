// The fixed panel layout: Lessons on the left, Inspector (State and Task pages) on the right,
// Timeline above Code and Console in the middle. Recomputed from the window size every frame (Debian's ImGui 1.86 has no docking),
// as a pure function so tests can check it without a window.
#pragma once

#include "app_state.hpp"

namespace wakeline::app {

struct Rect {
  float x = 0;
  float y = 0;
  float width = 0;
  float height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
  friend bool operator==(const Rect&, const Rect&) = default;
};

struct PanelLayout {
  Rect lessons;    // empty when hidden
  Rect timeline;   // always shown: it is the point of the app
  Rect inspector;  // empty when hidden
  Rect console;    // empty when hidden
  Rect code;       // empty when hidden; left of the console, under the timeline
  // Shown in View > Panels but given no room (a large UI scale, a small window): the menu bar's
  // Panels menu opens them in a drawer over the timeline (drawer_rect).
  PanelVisibility folded{false, false, false, false};
};

// Where a folded panel opens: Lessons from the left edge, the Inspector from the right, Code and
// Console from the bottom; over the timeline (which keeps its size, so its lanes never shrink).
Rect drawer_rect(Rect work_area, float ui_scale, float gap, DrawerPanel panel);

// `work_area` is the window below the menu bar; panels are separated by gaps of `gap` pixels
// (already scaled). Side panels and the console keep a readable size at any `ui_scale` but never
// take more than half of the room the timeline needs. `timeline_wants` (0: no wish) is the height the
// timeline panel asks for to show all its lanes: the bottom row gives it that room, down to the
// smallest bottom row worth keeping (presentation mode asks, so joinset-limit's 13 tasks fit).
PanelLayout compute_panel_layout(Rect work_area, float ui_scale, float gap, const PanelVisibility& visible,
                                 float timeline_wants = 0);

}  // namespace wakeline::app
