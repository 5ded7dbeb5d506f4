// The File menu's work: open a trace (.wakeline.json), save the shown trace, export it as Chrome /
// Perfetto JSON or CSV, or the window as a PNG; the recent-files list; a trace file dropped onto the
// window. ImGui has no file dialog, so a small popup takes a path and lists the recent files.
// A bad file never takes down what is shown: the console and a modal say what is wrong (the
// loader's message names the line or field), and the current trace stays.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "panels/theme.hpp"
#include "wakeline/trace_io/load_result.hpp"

struct GLFWwindow;

namespace wakeline::app {

struct TimelineModel;

// A trace read for the window: the trace, or why not; and the timeline's model when it was built
// beside the read (trace_loading.hpp), from this very Trace.
struct OpenedTrace {
  std::shared_ptr<const Trace> trace;  // null on failure
  std::string error;
  std::shared_ptr<const TimelineModel> timeline;  // may be null: the panel builds it then
  // Also built beside the read, so that the first frame with the trace only swaps them in; null
  // (or empty) when not: the window builds them itself then.
  std::shared_ptr<PlayheadCache> playhead;
  std::optional<InspectorCache> inspector;
  // CPU ms the loading threads spent: reading and validate(), the timeline's model, and the
  // playhead's states and task statistics on the second thread (for --dump-ui: on a quiet machine
  // the wait approaches read + the larger of the other two).
  double read_cpu_ms = 0, prepare_cpu_ms = 0, playhead_cpu_ms = 0;
};

// ---- Files, without a window -----------------------------------------------------------------

// Shows the trace at `path` (timeline, inspector, its printed output) and puts it first in the
// recent list. On failure leaves what was shown, and says why in the console and a modal.
// Reads the file before it returns; the window's File > Open reads it on a worker thread instead
// (state.requests.open_trace, trace_loading.hpp) and hands the result to show_opened_trace.
bool open_trace_file(AppState& state, const std::string& path);
// What open_trace_file does once the file is read (read_valid_trace_file, or its worker thread).
bool show_opened_trace(AppState& state, const std::string& path, OpenedTrace opened);

// Each returns "" on success, or a sentence naming the path and what went wrong.
std::string save_trace_file(const Trace& trace, const std::string& path);
std::string export_chrome_file(const Trace& trace, const std::string& path);
std::string export_tasks_csv_file(const Trace& trace, const std::string& path);
std::string export_events_csv_file(const Trace& trace, const std::string& path);

// Carries out what the popup was opened for, with the path typed; reports in the console (and a
// modal on failure). ExportPng is left in state.requests: only gui_main can read the pixels.
void carry_out_file_action(AppState& state, FileDialogKind kind, const std::string& path);

// Moves `path` to the front, without duplicates, keeping at most kMaxRecentFiles.
void remember_recent_file(std::vector<std::string>& recent, const std::string& path);

// A file name to start from: "sequential-vs-join.wakeline.json" beside the last file used.
std::string suggested_path(const AppState& state, FileDialogKind kind);

// Opens the popup for `kind` next frame.
void request_file_dialog(AppState& state, FileDialogKind kind);

// Shows a modal with `title` and `text` (and puts the text in the console as an error).
void report_error(AppState& state, std::string title, std::string text);

// ---- The popup ------------------------------------------------------------------------------

void draw_file_dialog(AppState& state, const ThemeFonts& fonts);

// ---- Drag and drop ----------------------------------------------------------------------------

// Paths dropped on the window are appended to `inbox` (GLFW calls back during polling); gui_main
// opens them between frames. `inbox` must outlive the window.
void install_drop_target(GLFWwindow* window, std::vector<std::string>* inbox);

}  // namespace wakeline::app
