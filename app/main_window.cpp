#include "main_window.hpp"

#include "console_panel.hpp"
#include "inspector_panel.hpp"
#include "layout.hpp"
#include "lessons_panel.hpp"
#include "menu_bar.hpp"
#include "timeline_panel.hpp"

namespace wakeline::app {
namespace {

constexpr float kPanelGap = 8.0f;  // at 100%; the backdrop shows through, separating the panels

// Panels are tiles, not floating windows: fixed in place, never stacked, never saved to imgui.ini.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

template <typename DrawContents>
void draw_panel(const char* title, Rect rect, ImGuiWindowFlags extra_flags, DrawContents&& draw_contents) {
  if (rect.empty()) return;
  ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y));
  ImGui::SetNextWindowSize(ImVec2(rect.width, rect.height));
  if (ImGui::Begin(title, nullptr, kPanelFlags | extra_flags)) draw_contents();
  ImGui::End();
}

}  // namespace

void draw_main_window(AppState& state, const ThemeFonts& fonts) {
  const float menu_height = draw_menu_bar(state, fonts);
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  // The menu bar's own height, not viewport.WorkPos: ImGui 1.86 updates the work area one frame
  // late, which would let the first frame (and a one-frame screenshot) overlap the menu.
  const Rect work_area{viewport.Pos.x, viewport.Pos.y + menu_height, viewport.Size.x, viewport.Size.y - menu_height};
  const PanelLayout layout =
      compute_panel_layout(work_area, state.ui_scale, kPanelGap * state.ui_scale, state.panels);

  draw_panel("Lessons", layout.lessons, 0, [&] { draw_lessons_panel(state, fonts); });
  draw_panel("Timeline", layout.timeline, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse,
             [&] { draw_timeline_panel(state, fonts); });
  draw_panel("Inspector", layout.inspector, 0, [&] { draw_inspector_panel(state, fonts); });
  draw_panel("Console", layout.console, 0, [&] { draw_console_panel(state, fonts); });
}

}  // namespace wakeline::app
