#include "panels/menu_bar.hpp"

#include <string>
#include <utility>

#include "app_dump.hpp"

#include "file_actions.hpp"
#include "panels/widgets.hpp"
#include "platform/key_codes.hpp"
#include "timeline/timeline_navigation.hpp"

namespace wakeline::app {
namespace {

constexpr const char* kAboutTitle = "About Wakeline";

void set_ui_scale(AppState& state, float scale) { state.ui_scale = snap_ui_scale(scale); }

void handle_shortcuts(AppState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool going = state.run.phase == RunPhase::Running || state.run.phase == RunPhase::Stopping;
  if (!io.WantTextInput && io.KeyShift && ImGui::IsKeyPressed(keys::kSlash, false)) state.show_keys = true;  // '?'
  // While the script editor has the keyboard, F5 and Ctrl+S run and save the script (its panel's keys).
  const bool editor_keys = state.editor.open && state.editor.focused;
  if (ImGui::IsKeyPressed(keys::kF5, false) && !editor_keys) {
    if (io.KeyShift) state.requests.stop = state.run.phase == RunPhase::Running;
    else if (!going) state.requests.run = true;
  }
  if (!io.KeyCtrl) return;
  if (ImGui::IsKeyPressed(keys::kQ, false)) state.quit_requested = true;
  if (ImGui::IsKeyPressed(keys::kO, false) && !going) request_file_dialog(state, FileDialogKind::OpenTrace);
  if (ImGui::IsKeyPressed(keys::kS, false) && !going && state.trace && !editor_keys) request_file_dialog(state, FileDialogKind::SaveTrace);
  if (ImGui::IsKeyPressed(keys::kEqual)) set_ui_scale(state, state.ui_scale + kUiScaleStep);
  if (ImGui::IsKeyPressed(keys::kMinus)) set_ui_scale(state, state.ui_scale - kUiScaleStep);
  if (ImGui::IsKeyPressed(keys::k0, false)) set_ui_scale(state, 1.0f);
}

bool run_going(const AppState& state) {
  return state.run.phase == RunPhase::Running || state.run.phase == RunPhase::Stopping;
}

void draw_file_menu(AppState& state) {
  const bool open = ImGui::BeginMenu("File");
  note_last_item(state.screen, "menu:File");
  if (!open) return;
  // A file replaces what the timeline shows, so not while a run is drawing itself there.
  const bool can_open = !run_going(state);
  if (ImGui::MenuItem("Open trace...", "Ctrl+O", false, can_open)) request_file_dialog(state, FileDialogKind::OpenTrace);
  if (ImGui::BeginMenu("Open recent", can_open && !state.recent_files.empty())) {
    std::string chosen;
    for (const std::string& path : state.recent_files) {
      if (ImGui::MenuItem(path.c_str())) chosen = path;
    }
    ImGui::EndMenu();
    if (!chosen.empty()) state.requests.open_trace = chosen;  // read on a worker thread, with a progress bar
  }
  const bool have_trace = state.trace != nullptr && !run_going(state);
  if (ImGui::MenuItem("Save trace...", "Ctrl+S", false, have_trace)) request_file_dialog(state, FileDialogKind::SaveTrace);
  const bool export_open = ImGui::BeginMenu("Export", have_trace);
  note_last_item(state.screen, "menu:Export");
  if (export_open) {
    if (ImGui::MenuItem("Chrome / Perfetto JSON...")) request_file_dialog(state, FileDialogKind::ExportChrome);
    if (ImGui::MenuItem("Tasks as CSV...")) request_file_dialog(state, FileDialogKind::ExportTasksCsv);
    if (ImGui::MenuItem("Events as CSV...")) request_file_dialog(state, FileDialogKind::ExportEventsCsv);
    ImGui::Separator();
    if (ImGui::MenuItem("Timeline as PNG...")) request_file_dialog(state, FileDialogKind::ExportTimelinePng);
    note_last_item(state.screen, "menu:Export/Timeline as PNG");
    if (ImGui::MenuItem("Window as PNG...")) request_file_dialog(state, FileDialogKind::ExportPng);
    note_last_item(state.screen, "menu:Export/Window as PNG");
    ImGui::EndMenu();
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Quit", "Ctrl+Q")) state.quit_requested = true;
  ImGui::EndMenu();
}

void draw_run_menu(AppState& state) {
  const bool open = ImGui::BeginMenu("Run");
  note_last_item(state.screen, "menu:Run");
  if (!open) return;
  if (ImGui::MenuItem("Run lesson", "F5", false, !run_going(state))) state.requests.run = true;
  if (ImGui::MenuItem("Stop", "Shift+F5", false, state.run.phase == RunPhase::Running)) state.requests.stop = true;
  ImGui::Separator();
  if (ImGui::MenuItem("Compare variants", nullptr, false, !run_going(state) && !state.compare.running)) {
    state.requests.compare = true;
  }
  note_last_item(state.screen, "menu:Run/Compare variants");
  // Set the parameters, add; change them, add again: any parameter sets side by side.
  const bool same_lesson = state.compare.shown && !state.compare.running && state.compare.lesson_id == state.lesson.lesson_id;
  if (ImGui::MenuItem("Add these settings to the comparison", nullptr, false, same_lesson && !run_going(state))) {
    state.requests.add_to_compare = true;
  }
  if (ImGui::MenuItem("Close comparison", nullptr, false, state.compare.shown)) state.compare.shown = false;
  ImGui::EndMenu();
}

// Script lessons: write one from the template, or start from a copy of the chosen lesson.
void draw_script_menu(AppState& state) {
  using Request = ScriptEditor::Request;
  ScriptEditor& editor = state.editor;
  const bool open = ImGui::BeginMenu("Script");
  note_last_item(state.screen, "menu:Script");
  if (!open) return;
  if (ImGui::MenuItem("New lesson script")) editor.requested = Request::New;
  note_last_item(state.screen, "menu:Script/New");
  if (ImGui::MenuItem("Edit a copy of this lesson")) editor.requested = Request::Copy;
  note_last_item(state.screen, "menu:Script/Edit a copy");
  if (ImGui::MenuItem("Show the editor", nullptr, editor.open, !editor.text.empty())) editor.open = !editor.open;
  ImGui::Separator();
  if (ImGui::MenuItem("Run the script", "Ctrl+Enter", false, editor.open && !run_going(state))) editor.requested = Request::Run;
  if (ImGui::MenuItem("Save", "Ctrl+S", false, editor.open)) editor.requested = Request::Save;
  if (ImGui::MenuItem("Save as...", nullptr, false, editor.open)) editor.requested = Request::SaveAs;
  ImGui::EndMenu();
}

void draw_view_menu(AppState& state) {
  if (!ImGui::BeginMenu("View")) return;
  if (ImGui::BeginMenu("UI scale")) {
    for (float scale = kMinUiScale; scale <= kMaxUiScale + 0.001f; scale += kUiScaleStep) {
      const std::string label = std::to_string(static_cast<int>(scale * 100.0f + 0.5f)) + "%";
      if (ImGui::MenuItem(label.c_str(), nullptr, state.ui_scale == scale)) set_ui_scale(state, scale);
    }
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem("Larger text", "Ctrl+=", false, state.ui_scale < kMaxUiScale)) {
    set_ui_scale(state, state.ui_scale + kUiScaleStep);
  }
  if (ImGui::MenuItem("Smaller text", "Ctrl+-", false, state.ui_scale > kMinUiScale)) {
    set_ui_scale(state, state.ui_scale - kUiScaleStep);
  }
  if (ImGui::MenuItem("Actual size", "Ctrl+0")) set_ui_scale(state, 1.0f);
  ImGui::Separator();
  ImGui::MenuItem("Lessons and parameters", nullptr, &state.panels.lessons);
  ImGui::MenuItem("Inspector", nullptr, &state.panels.inspector);
  ImGui::MenuItem("Code", nullptr, &state.panels.code);
  ImGui::MenuItem("Console", nullptr, &state.panels.console);
  if (ImGui::MenuItem("Presentation mode", "P", state.presentation.on)) toggle_presentation(state);
  ImGui::Separator();
  ImGui::MenuItem("Task lanes", nullptr, &state.timeline.show_task_lanes);
  ImGui::MenuItem("Wake arrows", nullptr, &state.timeline.show_arrows);
  if (ImGui::MenuItem("Fit the whole run", "F")) follow_run(state.timeline);
  ImGui::EndMenu();
}

// Only while some panel has no room: each folded panel, opened in a drawer over the timeline.
void draw_panels_menu(AppState& state) {
  const PanelVisibility& folded = state.folded;
  if (!folded.lessons && !folded.inspector && !folded.code && !folded.console) return;
  const bool open = ImGui::BeginMenu("Panels");
  note_last_item(state.screen, "menu:Panels");
  if (!open) return;
  const auto item = [&](bool shown, const char* label, const char* name, DrawerPanel panel) {
    if (!shown) return;
    if (ImGui::MenuItem(label, nullptr, state.drawer == panel)) {
      state.drawer = state.drawer == panel ? DrawerPanel::None : panel;
    }
    note_last_item(state.screen, std::string("drawer:") + name);
  };
  item(folded.lessons, "Lessons and parameters", "Lessons", DrawerPanel::Lessons);
  item(folded.inspector, "Inspector", "Inspector", DrawerPanel::Inspector);
  item(folded.code, "Code", "Code", DrawerPanel::Code);
  item(folded.console, "Console", "Console", DrawerPanel::Console);
  ImGui::EndMenu();
}

void draw_help_menu(AppState& state) {
  if (!ImGui::BeginMenu("Help")) return;
  if (ImGui::MenuItem("Keyboard", "?")) state.show_keys = true;
  if (ImGui::MenuItem("About Wakeline")) state.show_about = true;
  ImGui::EndMenu();
}

constexpr const char* kKeysTitle = "Keyboard";

// Every shortcut in one table: the stepping keys work wherever the pointer is.
void draw_keys_box(AppState& state, const ThemeFonts& fonts) {
  if (state.show_keys) {
    ImGui::OpenPopup(kKeysTitle);
    state.show_keys = false;
  }
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport.GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(kKeysTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  static constexpr std::pair<const char*, const char*> kKeys[] = {
      {"Right / Left", "step one event forward / back"},
      {"Shift+Right / Shift+Left", "next / previous poll"},
      {"Ctrl+Right / Ctrl+Left", "the selected task's next / previous event"},
      {"Home / End", "before the first event / after the last"},
      {"Space", "play or pause (speed: the box beside Reveal)"},
      {"F", "fit the whole run"},
      {"P", "presentation mode"},
      {"F5 / Shift+F5", "run the lesson / stop a real-clock run"},
      {"Ctrl+O / Ctrl+S", "open / save a trace"},
      {"Ctrl+Enter or F5, Ctrl+S", "in the script editor: run / save the script"},
      {"Ctrl+= / Ctrl+- / Ctrl+0", "larger / smaller / actual-size text"},
      {"Wheel, drag, Shift+drag", "zoom at the pointer, pan, zoom to a range"},
      {"Drag on the time ruler", "scrub the playhead"},
      {"Ctrl+click a slider", "type a value (Enter to set it)"},
      {"Escape", "close a menu, message or drawer"},
  };
  if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const auto& [keys, what] : kKeys) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushFont(fonts.mono);
      ImGui::TextUnformatted(keys);
      ImGui::PopFont();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(what);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (ImGui::Button("Close", ImVec2(120.0f * state.ui_scale, 0.0f)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_about_box(AppState& state, const ThemeFonts& fonts) {
  // OpenPopup must come from the same ID stack level as BeginPopupModal, not from inside the menu.
  if (state.show_about) {
    ImGui::OpenPopup(kAboutTitle);
    state.show_about = false;
  }
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport.GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(kAboutTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  heading_text(fonts, "Wakeline " WAKELINE_VERSION);
  ImGui::Spacing();
  ImGui::TextUnformatted("Watch an async executor poll, wake and steal coroutine tasks.");
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  ImGui::TextUnformatted("Built with Dear ImGui " IMGUI_VERSION ", GLFW and OpenGL.");
  ImGui::PopStyleColor();
  ImGui::Spacing();
  // Escape closes only this box; it never quits the app.
  if (ImGui::Button("Close", ImVec2(120.0f * state.ui_scale, 0.0f)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

float draw_menu_bar(AppState& state, const ThemeFonts& fonts) {
  handle_shortcuts(state);
  float height = 0.0f;
  if (ImGui::BeginMainMenuBar()) {
    height = ImGui::GetWindowHeight();
    draw_file_menu(state);
    draw_run_menu(state);
    draw_script_menu(state);
    draw_view_menu(state);
    draw_help_menu(state);
    draw_panels_menu(state);  // last: it comes and goes, and the others keep their places
    ImGui::EndMainMenuBar();
  }
  draw_about_box(state, fonts);
  draw_keys_box(state, fonts);
  return height;
}

}  // namespace wakeline::app
