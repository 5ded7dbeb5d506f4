// The app's UI state in one plain struct: what is shown, at what scale, and what the user asked for.
// main_window and the panels read and change it; nothing in app/ keeps UI state anywhere else. The
// one thing that is not plain data, the thread a run goes on, lives beside it in gui_main.cpp
// (run_controller.hpp); panels ask for a run through AppState::requests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lesson_catalog.hpp"
#include "panels/compare_panel.hpp"
#include "panels/file_browser.hpp"
#include "panels/script_editor.hpp"
#include "platform/frame_clock.hpp"
#include "playhead_view.hpp"
#include "timeline/timeline_view.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/task_stats.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// UI scale steps offered in View > UI scale. 100% to 250% covers laptops through 4K projectors.
inline constexpr float kMinUiScale = 1.0f;
inline constexpr float kMaxUiScale = 2.5f;
inline constexpr float kUiScaleStep = 0.25f;

inline constexpr const char* kDefaultLessonId = "sequential-vs-join";
inline constexpr std::size_t kMaxRecentFiles = 8;

struct PanelVisibility {
  bool lessons = true;     // the left column: the lesson list and, under it, the parameters
  bool inspector = true;
  bool console = true;
  bool code = true;        // beside the console, under the timeline
  friend bool operator==(const PanelVisibility&, const PanelVisibility&) = default;
};

// A panel with no room in the layout (layout.hpp: folded) opens in a drawer over the timeline, one
// at a time, from the menu bar's Panels menu; Escape or its close box shuts it.
enum class DrawerPanel : std::uint8_t { None, Lessons, Inspector, Code, Console };

// The lesson picked in the Lessons panel and the values its Parameters panel shows. Edited freely;
// checked (scenarios::parse_setup) only when Run is pressed.
struct LessonChoice {
  std::string lesson_id = kDefaultLessonId;
  scenarios::LessonSetup setup;  // its parameters and the runtime settings (flavor, workers, clock, seed)
};

enum class RunPhase : std::uint8_t {
  Idle,        // nothing run yet (or a trace file is shown)
  Running,
  Stopping,    // Stop pressed; a blocking call in the lesson may take a moment to return
  Finished,
  Stopped,     // ended by Stop: what ran until then is shown
  Deadlocked,  // every task waits on something that can never happen
  Failed,      // main failed, a limit was hit, or the run could not start
};

// What the Parameters panel's status line says about the latest run.
struct RunStatus {
  RunPhase phase = RunPhase::Idle;
  std::string lesson_id;              // of the run, not of the panel (the user may have moved on)
  ClockKind clock = ClockKind::Virtual;
  double started_at_s = 0;            // steady-clock seconds when it started, for "running for 1.2 s"
  double last_snapshot_s = 0;         // when the timeline last took a live snapshot (real clock)
  std::string headline;               // "Finished in 2000.035 ms (virtual clock)", "Deadlock", ...
  std::vector<std::string> details;   // a deadlock's stuck tasks, a fault's message
};

struct ConsoleLine {
  enum class Kind : std::uint8_t { App, Output, Error };
  Kind kind = Kind::App;
  std::string text;
  std::optional<std::uint64_t> time_ns;  // Output: when the lesson printed it
};

// What the panels asked for this frame. gui_main carries them out between frames, where a run can
// start and the back buffer can be read; then clears them.
struct AppRequests {
  bool run = false;
  bool stop = false;
  // A lesson was picked: a run still going is stopped, and the picked lesson runs once it has, so
  // the timeline never goes on showing another lesson's run. Kept until the run starts.
  bool run_picked_lesson = false;
  std::string save_png;  // File > Export PNG: the window as it looks, once this frame is drawn
  // File > Export > Timeline as PNG: drawn offscreen between frames (timeline_picture.hpp).
  struct TimelinePng {
    std::string path;  // empty: none asked for
    int width = 0, height = 0;
    bool fit_all = true;
  } timeline_png;
  bool compare = false;  // Run > Compare variants: run them all and stack them
  bool add_to_compare = false;  // Run > Add these settings to the comparison
  bool toggle_presentation = false;
  bool run_editor = false;  // the script editor's Run: load its text, and run it if it loads
  // File > Open, Open recent: read on a worker thread with a progress bar (trace_loading.hpp),
  // shown when ready. Empty: none asked for.
  std::string open_trace;
};

enum class FileDialogKind : std::uint8_t {
  None, OpenTrace, SaveTrace, ExportChrome, ExportTasksCsv, ExportEventsCsv, ExportPng, ExportTimelinePng
};

// The path-entry popup behind the File menu (ImGui has no file dialog).
struct FileDialog {
  FileDialogKind kind = FileDialogKind::None;
  bool open_requested = false;  // open the popup next frame (from the panel's ID stack level)
  std::string path;
  // ExportTimelinePng: the picture's size and what it shows; kept for the next export.
  int picture_width = 1920, picture_height = 1080;
  bool picture_fit_all = true;
  FileBrowser browser;  // OpenTrace: the folder shown under the path, kept for the next Open
};

// A modal that says what went wrong (a bad trace file, an unwritable path).
struct MessageBox {
  bool open_requested = false;
  std::string title;
  std::string text;
};

// Where the last frame drew what a script may want to click: panels, lessons, parameters, Run.
// Rebuilt every frame; only --dump-ui reads it (app_dump.hpp), so tests can drive the real window.
struct WidgetRect {
  std::string name;  // "panel:Lessons", "lesson:blocking-executor", "param:mode", "button:Run", ...
  float x = 0, y = 0, width = 0, height = 0;
};
struct ScreenMap {
  std::vector<WidgetRect> widgets;
  // The words the side pages drew, line by line: --dump-ui shows a test what the class reads.
  std::vector<std::string> state_page_text;
  std::vector<std::string> task_page_text;
  // What the card over an empty timeline says ("Pick a lesson and press Run", or a run's progress).
  std::string timeline_note;
  // The narration as the stepping bar showed it: its lines (joined by '\n'), and whether it was cut
  // (its tooltip then holds the whole of it).
  std::string narration_shown;
  bool narration_cut = false;
  float timeline_x = 0, timeline_y = 0, timeline_width = 0, timeline_height = 0;  // the timeline's content area
  float char_width = 0;  // of a digit in the body font: panel widths in characters, for readability checks
};

// How long the last trace file opened in the window took to show, in seconds since the window
// session started (run_gui), by gui_main's clock; -1 until it happened. For --dump-ui and
// scripts/bench_trace_files.sh, which times the first frame of a 10M-event trace.
struct OpenTiming {
  double started_s = -1;      // the loading thread started
  double loaded_s = -1;       // its result was taken, between frames
  double first_frame_s = -1;  // the first frame showing the trace was built
  float first_frame_cpu_ms = 0;  // that frame's UI-thread CPU
  double read_cpu_ms = 0, prepare_cpu_ms = 0, playhead_cpu_ms = 0;  // the loading threads' (OpenedTrace)
};

// The inspector's task table, sorted as its column headers ask: rows are indices into the stats.
struct InspectorCache {
  std::shared_ptr<const Trace> built_from;  // held, so a new trace can never reuse its address
  std::optional<std::size_t> built_up_to;   // Reveal: the stats of the first N events only
  SharedTaskStats tasks = std::make_shared<const std::vector<TaskStats>>();  // spawn order; never null
  std::vector<std::pair<std::uint64_t, std::string>> channel_names;  // from ChannelCreated, by id
  std::vector<std::uint32_t> order;         // the table's rows
  bool sort_dirty = true;
  TaskId scrolled_to = 0;                   // the selection the table last scrolled into view
};

// Presentation mode (P): the editing panels hidden, everything else larger, for a projector. What
// it changed is kept so leaving it restores the teacher's own layout and scale.
struct Presentation {
  bool on = false;
  PanelVisibility saved_panels;
  float saved_ui_scale = 1.0f;
};
inline constexpr float kPresentationScaleBoost = 0.25f;  // more would squeeze the lanes at 1600x900

// The last timeline picture drawn (File > Export > Timeline as PNG, `wakeline screenshot`): its size,
// the scale its type was drawn at and where its lanes went, for --dump-ui.
struct PictureRecord {
  int width = 0, height = 0;  // 0: none drawn yet
  float ui_scale = 0;
  float font_px = 0;  // the body text's height
  TimelineFrameLayout layout;
};

struct AppState {
  float ui_scale = 1.0f;  // multiplies fonts and style sizes; applied between frames
  PanelVisibility panels;
  PanelVisibility folded{false, false, false, false};  // wanted but given no room, as of the last frame
  DrawerPanel drawer = DrawerPanel::None;
  Presentation presentation;
  bool show_about = false;
  bool show_keys = false;  // Help > Keyboard: the shortcuts, for whoever is at the keyboard
  bool quit_requested = false;  // File > Quit; Escape deliberately does nothing

  LessonCatalog catalog;  // the script lessons found at start, beside the built-in ones
  LessonChoice lesson;
  RunStatus run;
  // What the timeline and inspector show: the latest run (growing while a real-clock run goes), or
  // an opened trace file. Null until something ran.
  std::shared_ptr<const Trace> trace;
  std::string trace_title;  // "sequential-vs-join (mode=join)", or the file's name
  TimelineView timeline;
  PlayheadView playhead;  // stepping through `trace`, once it has ended
  InspectorCache inspector;
  enum class SideTab : std::uint8_t { State, Task } side_tab = SideTab::State;  // the right column's page
  bool side_tab_requested = false;  // select side_tab next frame (a click elsewhere asked for it)
  CompareState compare;
  ScriptEditor editor;  // the script editor panel (beside the timeline while open)

  std::vector<ConsoleLine> console;  // newest last
  std::size_t run_output_start = 0;  // where the current run's printed lines begin in `console`

  float params_height = 0;  // what the Parameters panel needed last frame; the lesson list gets the rest
  float timeline_wants_height = 0;  // the Timeline panel's height that fits all its lanes, as of last frame
  // The last frame moved the layout (a panel's wish for room, a drawer, a code scroll asked for): the
  // window draws one more before it rests, so what it shows has settled.
  bool layout_settling = false;

  std::vector<std::string> recent_files;  // newest first, at most kMaxRecentFiles
  FileDialog file_dialog;
  MessageBox message;
  AppRequests requests;
  ScreenMap screen;
  bool popup_open = false;  // a menu, combo or dialog was open at the end of the last frame
  std::uint64_t frames_drawn = 0;  // since the window opened: --dump-ui shows that an idle window rests
  FrameTimes frame_times;  // the UI thread's CPU per frame, for --dump-ui
  OpenTiming open_timing;  // the last file opened on the loading thread, for --dump-ui
  PictureRecord last_picture;
};

inline void toggle_presentation(AppState& state) {
  Presentation& mode = state.presentation;
  if (!mode.on) {
    mode = {true, state.panels, state.ui_scale};
    state.panels.lessons = false;
    state.panels.inspector = state.panels.code = state.panels.console = true;
    state.ui_scale = std::min(kMaxUiScale, state.ui_scale + kPresentationScaleBoost);
    state.side_tab = AppState::SideTab::State;
  } else {
    state.panels = mode.saved_panels;
    state.ui_scale = mode.saved_ui_scale;
    mode.on = false;
  }
}

// Snaps any scale (e.g. a monitor's content scale of 1.1) to the nearest offered step.
inline float snap_ui_scale(float scale) {
  if (!(scale > 0.0f)) return kMinUiScale;  // also catches NaN from a confused monitor query
  const float snapped = std::round(scale / kUiScaleStep) * kUiScaleStep;
  return std::clamp(snapped, kMinUiScale, kMaxUiScale);
}

inline void log_line(AppState& state, std::string text, ConsoleLine::Kind kind = ConsoleLine::Kind::App) {
  state.console.push_back(ConsoleLine{kind, std::move(text), std::nullopt});
}

}  // namespace wakeline::app
