// The app's UI state in one plain struct: what is shown, at what scale, and what the user asked for.
// main_window and the panels read and change it; nothing in app/ keeps UI state anywhere else.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace wakeline::app {

// UI scale steps offered in View > UI scale. 100% to 250% covers laptops through 4K projectors.
inline constexpr float kMinUiScale = 1.0f;
inline constexpr float kMaxUiScale = 2.5f;
inline constexpr float kUiScaleStep = 0.25f;

struct PanelVisibility {
  bool lessons = true;
  bool inspector = true;
  bool console = true;
};

struct AppState {
  float ui_scale = 1.0f;  // multiplies fonts and style sizes; applied between frames
  PanelVisibility panels;
  bool show_about = false;
  bool quit_requested = false;             // File > Quit; Escape deliberately does nothing
  std::vector<std::string> console_lines;  // newest last
};

// Snaps any scale (e.g. a monitor's content scale of 1.1) to the nearest offered step.
inline float snap_ui_scale(float scale) {
  if (!(scale > 0.0f)) return kMinUiScale;  // also catches NaN from a confused monitor query
  const float snapped = std::round(scale / kUiScaleStep) * kUiScaleStep;
  return std::clamp(snapped, kMinUiScale, kMaxUiScale);
}

}  // namespace wakeline::app
