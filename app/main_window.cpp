#include "main_window.hpp"

#include <algorithm>
#include <cmath>

#include "app_dump.hpp"
#include "console_panel.hpp"
#include "file_actions.hpp"
#include "inspector_panel.hpp"
#include "layout.hpp"
#include "lessons_panel.hpp"
#include "menu_bar.hpp"
#include "params_panel.hpp"
#include "timeline_panel.hpp"
#include "widgets.hpp"
#include "wakeline/scenarios/registry.hpp"

namespace wakeline::app {
namespace {

constexpr float kPanelGap = 8.0f;        // at 100%; the backdrop shows through, separating the panels
// The Parameters panel takes the height it needs, within these shares of the left column.
constexpr float kMinParamsShare = 0.40f, kMaxParamsShare = 0.62f;

// Panels are tiles, not floating windows: fixed in place, never stacked, never saved to imgui.ini.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

// `title` may carry a "###id" suffix so a changing title keeps the same window.
template <typename DrawContents>
void draw_panel(const char* title, const char* name, Rect rect, ImGuiWindowFlags extra_flags, ScreenMap& screen,
                DrawContents&& draw_contents) {
  if (rect.empty()) return;
  screen.widgets.push_back({std::string("panel:") + name, rect.x, rect.y, rect.width, rect.height});
  ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y));
  ImGui::SetNextWindowSize(ImVec2(rect.width, rect.height));
  if (ImGui::Begin(title, nullptr, kPanelFlags | extra_flags)) draw_contents();
  ImGui::End();
}

void pick_lesson(AppState& state, const std::string& id) {
  const scenarios::Lesson* lesson = scenarios::find_lesson(id);
  if (lesson == nullptr) return;
  state.lesson.lesson_id = id;
  state.lesson.setup = scenarios::default_setup(*lesson);
}

void draw_message_box(MessageBox& message, float ui_scale, ScreenMap& screen) {
  constexpr const char* kId = "###message";
  if (message.open_requested) {
    ImGui::OpenPopup(kId);
    message.open_requested = false;
  }
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport.GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(360.0f * ui_scale, 0), ImVec2(720.0f * ui_scale, FLT_MAX));
  const std::string title = message.title + kId;
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
  ImGui::TextUnformatted(message.text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  // Not on the frame it appears: the Enter that confirmed a path in the File dialog is still "pressed".
  const bool key_closes = !ImGui::IsWindowAppearing() && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                                                          ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false));
  const bool clicked = ImGui::Button("OK", ImVec2(120.0f * ui_scale, 0.0f));
  note_last_item(screen, "message:OK");
  if (clicked || key_closes) {
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void draw_main_window(AppState& state, const ThemeFonts& fonts, double now_s) {
  state.screen = ScreenMap{};
  const float menu_height = draw_menu_bar(state, fonts);
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  // The menu bar's own height, not viewport.WorkPos: ImGui 1.86 updates the work area one frame
  // late, which would let the first frame (and a one-frame screenshot) overlap the menu.
  const Rect work_area{viewport.Pos.x, viewport.Pos.y + menu_height, viewport.Size.x, viewport.Size.y - menu_height};
  const float gap = kPanelGap * state.ui_scale;
  const PanelLayout layout = compute_panel_layout(work_area, state.ui_scale, gap, state.panels);

  // The left column: the lesson list on top, its parameters below.
  Rect lessons_rect = layout.lessons;
  Rect params_rect;
  if (!layout.lessons.empty()) {
    const float column = layout.lessons.height - gap;
    const float wanted = state.params_height > 0 ? state.params_height : column * kMaxParamsShare;
    params_rect.height = std::round(std::clamp(wanted, column * kMinParamsShare, column * kMaxParamsShare));
    lessons_rect.height = column - params_rect.height;
    params_rect = {layout.lessons.x, lessons_rect.y + lessons_rect.height + gap, layout.lessons.width, params_rect.height};
  }
  const std::vector<scenarios::Lesson>& lessons = scenarios::lessons();
  const scenarios::Lesson* lesson = scenarios::find_lesson(state.lesson.lesson_id);

  draw_panel("Lessons", "Lessons", lessons_rect, 0, state.screen, [&] {
    if (auto picked = draw_lessons_panel(lessons, state.lesson.lesson_id, state.screen)) pick_lesson(state, *picked);
  });
  draw_panel("Parameters", "Parameters", params_rect, 0, state.screen, [&] {
    if (lesson == nullptr) {
      muted_text_wrapped("Pick a lesson above.");
      return;
    }
    const RunAction action = draw_params_panel(*lesson, state.lesson.setup, state.run, now_s, state.ui_scale, state.screen);
    if (action == RunAction::Run) state.requests.run = true;
    if (action == RunAction::Stop) state.requests.stop = true;
    state.params_height = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
  });

  const std::string timeline_title =
      state.trace_title.empty() ? std::string("Timeline###Timeline") : "Timeline: " + state.trace_title + "###Timeline";
  draw_panel(timeline_title.c_str(), "Timeline", layout.timeline,
             ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse, state.screen, [&] {
               const ImVec2 origin = ImGui::GetCursorScreenPos();
               const ImVec2 avail = ImGui::GetContentRegionAvail();
               state.screen.timeline_x = origin.x;
               state.screen.timeline_y = origin.y;
               state.screen.timeline_width = avail.x;
               state.screen.timeline_height = avail.y;
               draw_timeline_panel(state.trace.get(), state.timeline, fonts, state.ui_scale);
             });
  draw_panel("Inspector", "Inspector", layout.inspector, 0, state.screen, [&] {
    const TaskId was_selected = state.timeline.selected_task;
    draw_inspector_panel(state.trace, state.inspector, state.timeline.selected_task, fonts, state.ui_scale);
    // Picked in the inspector: bring its lane into view on the timeline (next frame; it is drawn first).
    if (state.timeline.selected_task != was_selected) state.timeline.scroll_to_task = state.timeline.selected_task;
  });
  draw_panel("Console", "Console", layout.console, 0, state.screen,
             [&] { draw_console_panel(state.console, fonts); });

  draw_file_dialog(state, fonts);
  draw_message_box(state.message, state.ui_scale, state.screen);
}

}  // namespace wakeline::app
