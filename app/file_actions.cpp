#include "file_actions.hpp"

#include <GLFW/glfw3.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "app_dump.hpp"
#include "count_text.hpp"
#include "panels/file_browser.hpp"
#include "panels/widgets.hpp"
#include "run_controller.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"
#include "timeline/timeline_picture.hpp"
#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/chrome.hpp"
#include "wakeline/trace_io/csv.hpp"
#include "wakeline/file_write.hpp"
#include "wakeline/printable.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/trace_io/read_valid_trace.hpp"

namespace wakeline::app {
namespace {

namespace fs = std::filesystem;

// Writes what `write` produces to `path`, whole or not at all; "" or why not.
std::string write_file(const std::string& path, const char* what, const FileWriter& write) {
  if (path.empty()) return std::string("no file name given for the ") + what;
  return write_file_atomically(path, write);
}

struct DialogText {
  const char* title;   // also the popup's id
  const char* button;
  const char* extension;
};

DialogText dialog_text(FileDialogKind kind) {
  switch (kind) {
    case FileDialogKind::OpenTrace: return {"Open trace", "Open", ".wakeline.json"};  // or .wkl: read by its first bytes
    case FileDialogKind::SaveTrace: return {"Save trace", "Save", ".wakeline.json"};
    case FileDialogKind::ExportChrome: return {"Export Chrome / Perfetto JSON", "Export", ".chrome.json"};
    case FileDialogKind::ExportTasksCsv: return {"Export tasks as CSV", "Export", ".tasks.csv"};
    case FileDialogKind::ExportEventsCsv: return {"Export events as CSV", "Export", ".events.csv"};
    case FileDialogKind::ExportPng: return {"Export the window as PNG", "Export", ".png"};
    case FileDialogKind::ExportTimelinePng: return {"Export the timeline as PNG", "Export", ".timeline.png"};
    case FileDialogKind::None: break;
  }
  return {"File", "OK", ""};
}

constexpr const char* kDialogId = "###file-dialog";

// The timeline picture's size (with the usual slide sizes one click away) and what it shows.
void draw_picture_options(FileDialog& dialog, float ui_scale, ScreenMap& screen) {
  ImGui::Spacing();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Size:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90.0f * ui_scale);
  ImGui::InputInt("##width", &dialog.picture_width, 0);
  note_last_item(screen, "file:width");
  ImGui::SameLine();
  ImGui::TextUnformatted("x");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90.0f * ui_scale);
  ImGui::InputInt("##height", &dialog.picture_height, 0);
  note_last_item(screen, "file:height");
  constexpr std::pair<int, int> kPresets[] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
  for (const auto& [width, height] : kPresets) {
    ImGui::SameLine();
    const std::string label = std::to_string(width) + "x" + std::to_string(height);
    if (ImGui::SmallButton(label.c_str())) {
      dialog.picture_width = width;
      dialog.picture_height = height;
    }
  }
  if (ImGui::RadioButton("The whole run", dialog.picture_fit_all)) dialog.picture_fit_all = true;
  ImGui::SameLine();
  if (ImGui::RadioButton("What the timeline shows now", !dialog.picture_fit_all)) dialog.picture_fit_all = false;
  note_last_item(screen, "file:current-zoom");
  if (const std::string error = check_picture_size(dialog.picture_width, dialog.picture_height); !error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(240, 176, 96, 255));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
}

void drop_callback(GLFWwindow* window, int count, const char** paths) {
  auto* inbox = static_cast<std::vector<std::string>*>(glfwGetWindowUserPointer(window));
  if (inbox == nullptr) return;
  for (int i = 0; i < count; ++i) inbox->emplace_back(paths[i]);
}

}  // namespace

// ---- Files, without a window -------------------------------------------------------------------

bool open_trace_file(AppState& state, const std::string& path) {
  LoadResult loaded = read_valid_trace_file(path);  // the one gate: a model trusts what passes it
  OpenedTrace opened;
  opened.error = std::move(loaded.error);
  if (loaded.ok()) opened.trace = std::make_shared<const Trace>(std::move(*loaded.trace));
  return show_opened_trace(state, path, std::move(opened));
}

bool show_opened_trace(AppState& state, const std::string& path, OpenedTrace opened) {
  if (opened.trace == nullptr) {
    report_error(state, "Cannot open the trace", opened.error + "\n\nThe timeline still shows what it showed before.");
    return false;
  }
  std::shared_ptr<const Trace> trace = std::move(opened.trace);
  log_line(state, "Opened " + printable(path, 4096) + " (" + counted(trace->events.size(), "event", "events") +
                      (trace->run.scenario.empty() ? "" : ", lesson " + printable(trace->run.scenario)) + ")");
  state.run_output_start = state.console.size();
  show_printed_output(state, *trace);
  show_trace(state, std::move(trace), fs::path(path).filename().string());
  start_following_new_run(state.timeline);
  state.playhead.prepared = std::move(opened.playhead);
  if (opened.inspector && opened.inspector->built_from == state.trace) {
    opened.inspector->scrolled_to = state.inspector.scrolled_to;
    state.inspector = std::move(*opened.inspector);
  }
  // Built on the loading thread from this very trace: the timeline panel keeps it as it would keep
  // the one it builds itself (model_for), so the first frame with the trace does not build it.
  if (opened.timeline != nullptr && opened.timeline->built_from(*state.trace)) {
    TimelineView& view = state.timeline;
    view.model = std::move(opened.timeline);
    if (view.follow_run) view.fit_requested = true;
    view.selecting = false;
    if (view.model->task_lane(view.selected_task) < 0) view.selected_task = 0;
  }
  state.run = RunStatus{};
  remember_recent_file(state.recent_files, path);
  return true;
}

std::string save_trace_file(const Trace& trace, const std::string& path) {
  // As `--out` does: a .wkl name saves the binary encoding, any other the JSON one.
  if (fs::path(path).extension() == ".wkl")
    return write_file(path, "trace", [&](std::ostream& out) { write_binary(trace, out); });
  return write_file(path, "trace", [&](std::ostream& out) { write_native(trace, out); });
}

std::string export_chrome_file(const Trace& trace, const std::string& path) {
  return write_file(path, "Chrome JSON", [&](std::ostream& out) { write_chrome(trace, out); });
}

std::string export_tasks_csv_file(const Trace& trace, const std::string& path) {
  return write_file(path, "CSV", [&](std::ostream& out) { write_tasks_csv(trace, out); });
}

std::string export_events_csv_file(const Trace& trace, const std::string& path) {
  return write_file(path, "CSV", [&](std::ostream& out) { write_events_csv(trace, out); });
}

void report_error(AppState& state, std::string title, std::string text) {
  log_line(state, title + ": " + text.substr(0, text.find('\n')), ConsoleLine::Kind::Error);
  state.message = MessageBox{true, std::move(title), std::move(text)};
}

void carry_out_file_action(AppState& state, FileDialogKind kind, const std::string& path) {
  if (kind == FileDialogKind::OpenTrace) {
    state.requests.open_trace = path;  // read on a worker thread, with a progress bar
    return;
  }
  if (kind == FileDialogKind::ExportPng) {
    state.requests.save_png = path;
    return;
  }
  if (kind == FileDialogKind::ExportTimelinePng) {
    const FileDialog& dialog = state.file_dialog;
    if (const std::string error = check_picture_size(dialog.picture_width, dialog.picture_height); !error.empty()) {
      report_error(state, dialog_text(kind).title, error);
      return;
    }
    if (!state.trace) {
      report_error(state, "Nothing to picture", "Run a lesson or open a trace first.");
      return;
    }
    state.requests.timeline_png = {path, dialog.picture_width, dialog.picture_height, dialog.picture_fit_all};
    return;
  }
  if (!state.trace) {
    report_error(state, "Nothing to save", "Run a lesson or open a trace first.");
    return;
  }
  std::string error;
  switch (kind) {
    case FileDialogKind::SaveTrace: error = save_trace_file(*state.trace, path); break;
    case FileDialogKind::ExportChrome: error = export_chrome_file(*state.trace, path); break;
    case FileDialogKind::ExportTasksCsv: error = export_tasks_csv_file(*state.trace, path); break;
    case FileDialogKind::ExportEventsCsv: error = export_events_csv_file(*state.trace, path); break;
    default: return;
  }
  if (!error.empty()) {
    report_error(state, dialog_text(kind).title, error);
    return;
  }
  log_line(state, "Wrote " + path);
  if (kind == FileDialogKind::SaveTrace) remember_recent_file(state.recent_files, path);
}

void remember_recent_file(std::vector<std::string>& recent, const std::string& path) {
  std::error_code ignored;
  const fs::path absolute = fs::absolute(path, ignored);
  const std::string key = absolute.empty() ? path : absolute.lexically_normal().string();
  std::erase(recent, key);
  recent.insert(recent.begin(), key);
  if (recent.size() > kMaxRecentFiles) recent.resize(kMaxRecentFiles);
}

std::string suggested_path(const AppState& state, FileDialogKind kind) {
  std::error_code ignored;
  fs::path folder = fs::current_path(ignored);
  if (!state.recent_files.empty()) folder = fs::path(state.recent_files.front()).parent_path();
  if (kind == FileDialogKind::OpenTrace) {
    return state.recent_files.empty() ? (folder / "").string() : state.recent_files.front();
  }
  std::string stem = "wakeline";
  if (state.trace && !state.trace->run.scenario.empty()) stem = printable(state.trace->run.scenario, 60);
  return (folder / (stem + dialog_text(kind).extension)).string();
}

void request_file_dialog(AppState& state, FileDialogKind kind) {
  state.file_dialog.kind = kind;
  state.file_dialog.path = suggested_path(state, kind);
  state.file_dialog.open_requested = true;
}

// ---- The popup -------------------------------------------------------------------------------

void draw_file_dialog(AppState& state, const ThemeFonts& fonts) {
  FileDialog& dialog = state.file_dialog;
  if (dialog.kind == FileDialogKind::None) return;
  const DialogText text = dialog_text(dialog.kind);
  const std::string id = std::string(text.title) + kDialogId;
  if (dialog.open_requested) {
    ImGui::OpenPopup(id.c_str());
    dialog.open_requested = false;
  }
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport.GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // A fixed width, and a height that follows the contents (the picture options' error line comes and goes).
  const float width = std::min(viewport.Size.x * 0.8f, 720.0f * state.ui_scale);
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0.0f), ImVec2(width, viewport.Size.y * 0.9f));
  if (!ImGui::BeginPopupModal(id.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    dialog.kind = FileDialogKind::None;  // closed: by a button below, or by the popup itself
    return;
  }
  bool confirmed = false;
  ImGui::TextUnformatted("Path:");
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::PushFont(fonts.mono);
  const std::string path_id = "##path" + std::to_string(dialog.browser.picks);
  confirmed = ImGui::InputText(path_id.c_str(), &dialog.path, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
  const bool typing = ImGui::IsItemActive() || ImGui::IsItemDeactivated();
  ImGui::PopFont();
  note_last_item(state.screen, "file:path");
  if (dialog.kind == FileDialogKind::OpenTrace) {
    if (ImGui::IsWindowAppearing()) start_browsing(dialog.browser, dialog.path);
    if (draw_file_browser(dialog.browser, dialog.path, typing, fonts, state.ui_scale, state.screen)) confirmed = true;
    muted_text_wrapped("Pick a file above (Up/Down, Enter; Alt+Up for the folder above), type its path, pick a recent "
                       "one, or drop a file onto the window.");
  }
  if (dialog.kind == FileDialogKind::ExportTimelinePng) draw_picture_options(dialog, state.ui_scale, state.screen);
  if (!state.recent_files.empty()) {
    ImGui::Spacing();
    ImGui::TextUnformatted("Recent files:");
    ImGui::PushFont(fonts.mono);
    for (const std::string& recent : state.recent_files) {
      const std::string shown = dialog.kind == FileDialogKind::OpenTrace ? recent : fs::path(recent).parent_path().string();
      if (ImGui::Selectable(shown.c_str(), dialog.path == recent, ImGuiSelectableFlags_AllowDoubleClick)) {
        if (dialog.kind == FileDialogKind::OpenTrace) {
          dialog.path = recent;
          confirmed = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
        } else {
          // Saving: keep the suggested name, in the folder picked.
          dialog.path = (fs::path(recent).parent_path() / fs::path(dialog.path).filename()).string();
        }
      }
    }
    ImGui::PopFont();
  }
  ImGui::Spacing();
  const float button = 120.0f * state.ui_scale;
  if (ImGui::Button(text.button, ImVec2(button, 0))) confirmed = true;
  note_last_item(state.screen, "file:confirm");
  ImGui::SameLine();
  const bool cancelled =
      ImGui::Button("Cancel", ImVec2(button, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  // Open on a folder (typed, or a folder row picked) goes into it; on a file, opens it.
  if (confirmed && dialog.kind == FileDialogKind::OpenTrace && browse_if_folder(dialog.browser, dialog.path)) confirmed = false;
  if (confirmed || cancelled) {
    const FileDialogKind kind = dialog.kind;
    const std::string path = dialog.path;
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    dialog.kind = FileDialogKind::None;
    if (confirmed) carry_out_file_action(state, kind, path);
    return;
  }
  ImGui::EndPopup();
}

// ---- Drag and drop -------------------------------------------------------------------------

void install_drop_target(GLFWwindow* window, std::vector<std::string>* inbox) {
  // ImGui's GLFW backend keeps its data elsewhere, so the window's user pointer is ours.
  glfwSetWindowUserPointer(window, inbox);
  glfwSetDropCallback(window, drop_callback);
}

}  // namespace wakeline::app
