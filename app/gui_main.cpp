#include "gui_main.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>

#include "app_dump.hpp"
#include "app_state.hpp"
#include "editor_actions.hpp"
#include "file_actions.hpp"
#include "main_window.hpp"
#include "panels/compare_panel.hpp"
#include "panels/theme.hpp"
#include "platform/frame_clock.hpp"
#include "platform/offscreen_frame.hpp"
#include "platform/screenshot.hpp"
#include "platform/settings_store.hpp"
#include "platform/window.hpp"
#include "run_controller.hpp"
#include "timeline/timeline_picture.hpp"
#include "trace_loading.hpp"
#include "wakeline/file_write.hpp"
#include "wakeline/printable.hpp"
#include "wakeline/scenarios/registry.hpp"

namespace wakeline::app {
namespace {

namespace sc = wakeline::scenarios;

constexpr double kDumpEverySeconds = 0.25;  // --dump-ui in a live session: fresh enough for a script
constexpr auto kScreenshotRunLimit = std::chrono::seconds(120);  // a real-clock lesson, before a screenshot
constexpr auto kStopGrace = std::chrono::seconds(10);
// After input, ImGui needs a few frames to finish reacting (a hover, a release, a popup placing
// itself, a key held across frames), and a script's next key often follows at once: the window
// rests only after this long without input.
constexpr int kSettleFrames = 3;
constexpr double kSettleSeconds = 0.5;
constexpr double kLongestRest = 1.0;  // seconds; a rest is cut short by any event
// While a trace file loads and nothing else moves, the window draws its progress bar this often
// (input still wakes it at once). Drawn flat out (no vsync under Xvfb; llvmpipe renders on the
// CPU) the frames took as much CPU as the loading threads, on a machine with two cores. Ten a
// second keep the bar moving; against twenty, a 10M-event file's first frame came at 2.56-3.28 s
// instead of 2.72-4.14 (5 interleaved pairs).
constexpr double kLoadingFrameSeconds = 1.0 / 10;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// What the command line asks the window to start with, checked before any window opens.
struct StartPlan {
  std::string lesson_id = kDefaultLessonId;
  std::optional<sc::LessonSetup> setup;  // set when the command line chose the lesson or its values
  std::string trace_file;                // --open FILE, or `screenshot FILE`
  bool run = false;
};

int plan_start(const CliOptions& options, const LessonCatalog& catalog, StartPlan& plan) {
  std::string lesson_id = options.lesson_id;
  plan.run = options.run_at_start;
  if (!options.trace_in.empty()) {
    // `wakeline screenshot IN`: a lesson id is run with its defaults; anything else is a file.
    if (options.action == Action::Screenshot && find_lesson_in(catalog, options.trace_in) != nullptr) {
      lesson_id = options.trace_in;
      plan.run = true;
    } else {
      plan.trace_file = options.trace_in;
    }
  }
  const bool lesson_given = !lesson_id.empty() || !options.variant.empty() || !options.lesson_settings.empty();
  if (!lesson_id.empty()) plan.lesson_id = lesson_id;
  const sc::Lesson* lesson = find_lesson_in(catalog, plan.lesson_id);
  if (lesson == nullptr) {
    std::cerr << "wakeline: unknown lesson '" << plan.lesson_id << "'; allowed: " << all_lesson_ids(catalog) << "\n";
    return kExitUsage;
  }
  if (!lesson_given) return kExitOk;
  const sc::SetupParse parse = sc::parse_setup(*lesson, {options.variant, options.lesson_settings});
  if (!parse.ok()) {
    std::cerr << "wakeline: " << parse.error << "\n";
    return kExitUsage;
  }
  plan.setup = parse.setup;
  return kExitOk;
}

struct GuiSession {
  Window window;
  AppState state;
  ThemeFonts fonts;
  RunController runs;
  // Run > Compare variants, simulating on a thread of its own so the window stays live meanwhile.
  std::future<std::vector<CompareRun>> comparing;
  // File > Open, Open recent, a dropped file, --open: read on a thread of its own (trace_loading.hpp).
  TraceLoading loading;
  double last_lesson_check_s = 0;  // when the script lessons' files were last looked at
  std::vector<std::string> dropped;  // paths GLFW's drop callback collected since the last frame
  float applied_ui_scale = 0.0f;     // the scale the style and font atlas were last built for
  float content_scale = 1.0f;        // the monitor's, to notice when the window moves to another
  bool follow_monitor = true;        // false once --ui-scale or the settings chose a scale
  bool remember_settings = false;    // an interactive session reads and writes settings.json
  Settings loaded_settings;          // what was read, so an unchanged scale stays remembered as it was
  float initial_ui_scale = 1.0f;
  double started_s = 0;              // now_s() when run_gui began: AppState::open_timing counts from it
  bool timing_first_frame = false;   // a trace was just shown: the next frame's times go to open_timing
};

void greet(GuiSession& session) {
  AppState& state = session.state;
  log_line(state, "Wakeline " WAKELINE_VERSION ": watch an async executor at work.");
  log_line(state, "Renderer: " + (session.window.gl_renderer.empty() ? "unknown" : session.window.gl_renderer));
  if (session.fonts.fell_back) log_line(state, "DejaVu fonts not found; using ImGui's built-in font.");
  log_line(state, "Pick a lesson on the left, set its parameters, then press Run (F5).");
}

void load_settings_into(GuiSession& session) {
  const SettingsLoad load = load_settings(settings_path());
  if (!load.error.empty()) {
    // Never a reason not to start: the defaults are good, and the next save replaces the file.
    log_line(session.state, "Ignoring the settings file, it is damaged: " + load.error, ConsoleLine::Kind::Error);
    return;
  }
  if (!load.settings) return;
  session.loaded_settings = *load.settings;
  apply_settings(*load.settings, session.state);
  if (load.settings->ui_scale) session.follow_monitor = false;
}

void save_settings_from(const GuiSession& session) {
  const AppState& state = session.state;
  const bool scale_changed = state.ui_scale != session.initial_ui_scale;
  Settings settings = settings_from_state(state, scale_changed);
  if (!scale_changed) settings.ui_scale = session.loaded_settings.ui_scale;
  const std::string error = save_settings(settings, settings_path());
  if (!error.empty()) std::cerr << "wakeline: settings not saved: " << error << "\n";
}

// Follows the monitor's scale when the window moves between screens, and rebuilds the style and
// fonts when the scale changed. Must run between frames: the atlas cannot change mid-frame.
void update_scale(GuiSession& session) {
  const float content_scale = window_content_scale(session.window);
  if (session.follow_monitor && content_scale != session.content_scale) {
    session.content_scale = content_scale;
    session.state.ui_scale = snap_ui_scale(content_scale);
  }
  if (session.state.ui_scale == session.applied_ui_scale) return;
  session.fonts = apply_theme(session.state.ui_scale);
  session.applied_ui_scale = session.state.ui_scale;
  reload_font_texture(session.window);
}

// Starts reading a trace file on a worker thread; the window shows a progress bar meanwhile.
void start_opening(GuiSession& session, const std::string& path) {
  if (loading_trace(session.loading)) {
    report_error(session.state, "Cannot open the trace",
                 "Still opening " + printable(session.loading.path, 4096) + ". Wait for it, then open the next file.");
    return;
  }
  session.loading = start_loading_trace(path, now_s());
  session.state.open_timing = OpenTiming{.started_s = now_s() - session.started_s};
}

// Shows the trace once its worker is done (or says why it could not be opened, keeping what was shown).
void collect_opened_trace(GuiSession& session) {
  std::optional<OpenedTrace> loaded = take_loaded_trace(session.loading);
  if (!loaded) return;
  if (session.runs.busy()) {
    report_error(session.state, "Cannot open the trace",
                 "A run started while " + printable(session.loading.path, 4096) + " was loading. Stop it first, then open the file again.");
    return;
  }
  OpenTiming& timing = session.state.open_timing;
  timing.loaded_s = now_s() - session.started_s;
  timing.read_cpu_ms = loaded->read_cpu_ms;
  timing.prepare_cpu_ms = loaded->prepare_cpu_ms;
  timing.playhead_cpu_ms = loaded->playhead_cpu_ms;
  session.timing_first_frame = show_opened_trace(session.state, session.loading.path, std::move(*loaded));
}

void open_dropped_files(GuiSession& session) {
  if (session.dropped.empty()) return;
  const std::string path = session.dropped.back();  // several at once: the last one wins
  session.dropped.clear();
  if (session.runs.busy()) {
    report_error(session.state, "Cannot open the trace", "A run is still going. Stop it first, then drop the file again.");
    return;
  }
  start_opening(session, path);
}

// Runs every variant of the lesson in the Parameters panel on the virtual clock, on a thread of its
// own (a lesson set to 200 000 tasks takes a second or two per variant), then shows them stacked.
void compare_variants(GuiSession& session) {
  AppState& state = session.state;
  const sc::Lesson* lesson = find_lesson_in(state.catalog, state.lesson.lesson_id);
  if (lesson == nullptr || session.comparing.valid()) return;
  state.compare.lesson_id = lesson->id;
  state.compare.runs.clear();
  state.compare.running = true;
  state.compare.shown = true;
  session.comparing = std::async(std::launch::async, [lesson, setup = state.lesson.setup] { return run_comparison(*lesson, setup); });
}

// Takes the comparison's runs once they are all done; with `wait`, waits for them first.
void collect_comparison(GuiSession& session, bool wait) {
  if (!session.comparing.valid()) return;
  if (!wait && session.comparing.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  AppState& state = session.state;
  state.compare.runs = session.comparing.get();
  state.compare.running = false;
  state.compare.fit_requested = true;
  log_line(state, "Compared " + std::to_string(state.compare.runs.size()) + " runs of " + state.compare.lesson_id +
                      " on the virtual clock.");
}

// A script lesson saved by the teacher's own editor is loaded again; if it is the lesson on screen,
// it runs again with the values it had (those its new header still accepts). A file that no longer
// loads says why in the Console and leaves the previous run on screen. True when there is something
// new to show (the resting window then draws a frame).
bool reload_changed_lessons(GuiSession& session) {
  constexpr double kEverySeconds = 1.0;
  if (now_s() - session.last_lesson_check_s < kEverySeconds) return false;
  session.last_lesson_check_s = now_s();
  if (session.runs.busy() || session.comparing.valid()) return false;  // both may be reading a Lesson
  AppState& state = session.state;
  const CatalogReload reload = reload_changed_scripts(state.catalog);
  for (const auto& error : reload.errors) log_line(state, error, ConsoleLine::Kind::Error);
  for (const auto& [old_id, new_id] : reload.changed) {
    log_line(state, "Reloaded the script lesson " + new_id + " from its file.");
    if (old_id != state.lesson.lesson_id) continue;
    const sc::Lesson* lesson = find_lesson_in(state.catalog, new_id);
    if (lesson == nullptr) continue;
    sc::LessonSetup setup = sc::default_setup(*lesson);
    setup.runtime = state.lesson.setup.runtime;
    for (const auto& [key, value] : state.lesson.setup.params.entries)
      for (const auto& spec : lesson->params)
        if (spec.key == key && sc::parse_value(spec, sc::to_text(value)).ok()) setup.params.set(key, value);
    state.lesson.lesson_id = new_id;
    state.lesson.setup = std::move(setup);
    state.requests.run = true;
  }
  return !reload.errors.empty() || !reload.changed.empty();
}

// The script editor's Run: its text loaded as a lesson and run, or its error marked and the previous
// run left on screen.
void run_editor_script(GuiSession& session) {
  AppState& state = session.state;
  state.requests.run_editor = false;
  if (session.runs.busy() || session.comparing.valid()) {
    log_line(state, "A run is still going: stop it first, then run the script again.");
    return;
  }
  auto update = prepare_editor_run(state.editor, state.catalog, state.lesson.lesson_id, state.lesson.setup);
  if (!update) {
    log_line(state, state.editor.notice, ConsoleLine::Kind::Error);
    return;
  }
  state.lesson.lesson_id = update->lesson_id;
  state.lesson.setup = std::move(update->setup);
  state.requests.run = true;
}

// Once the editor's run has ended: its total, and the lines where its tasks failed.
void follow_editor_run(GuiSession& session) {
  ScriptEditor& editor = session.state.editor;
  if (!editor.awaiting_run || session.runs.busy() || session.state.requests.run) return;
  editor.awaiting_run = false;
  const AppState& state = session.state;
  if (state.trace && state.run.lesson_id == editor.run_lesson_id) note_editor_run(editor, *state.trace);
}

// What the panels asked for during the frame, that needs the run controller.
void carry_out_requests(GuiSession& session) {
  reload_changed_lessons(session);
  AppRequests& requests = session.state.requests;
  if (requests.compare && !session.runs.busy()) compare_variants(session);
  if (requests.add_to_compare && !session.runs.busy() && !session.comparing.valid()) {
    AppState& state = session.state;
    if (const sc::Lesson* lesson = find_lesson_in(state.catalog, state.compare.lesson_id)) {
      if (add_to_comparison(state.compare, *lesson, state.lesson.setup)) {
        log_line(state, "Added " + state.compare.runs.back().label + " to the comparison.");
      } else {
        log_line(state, state.compare.notice);
      }
    }
  }
  requests.compare = requests.add_to_compare = false;
  if (requests.run_editor) run_editor_script(session);
  if (requests.run_picked_lesson) {
    if (!session.runs.busy()) {
      requests.run = true;
      requests.run_picked_lesson = false;
    } else if (session.state.run.phase == RunPhase::Running) {
      session.runs.request_stop();
      session.state.run.phase = RunPhase::Stopping;
      log_line(session.state, "Stopping " + session.state.run.lesson_id + " to run " + session.state.lesson.lesson_id + ".");
    }
  }
  if (!requests.open_trace.empty()) start_opening(session, std::exchange(requests.open_trace, {}));
  if (requests.run) start_run(session.runs, session.state, now_s());
  if (requests.stop && session.state.run.phase == RunPhase::Running) {
    session.runs.request_stop();
    session.state.run.phase = RunPhase::Stopping;
  }
  requests.run = requests.stop = false;
}

void draw_frame(GuiSession& session) {
  ++session.state.frames_drawn;
  const double cpu_before = thread_cpu_ms();
  begin_frame(session.window);
  draw_main_window(session.state, session.fonts, now_s());
  draw_loading_progress(session.loading, now_s(), session.state.ui_scale);
  note_frame_time(session.state.frame_times, static_cast<float>(thread_cpu_ms() - cpu_before));
  if (std::exchange(session.timing_first_frame, false)) {
    session.state.open_timing.first_frame_s = now_s() - session.started_s;
    session.state.open_timing.first_frame_cpu_ms = session.state.frame_times.last_ms;
  }
  render_frame(session.window, ImGui::ColorConvertU32ToFloat4(palette::kBackdrop));
}

// Reads the frame just rendered; call before present_frame, while the back buffer holds it.
std::string save_png(const GuiSession& session, const std::string& path) {
  const FramebufferSize size = framebuffer_size(session.window);
  const RgbImage image = read_back_buffer(size.width, size.height);
  std::string error;
  if (!write_png(image, path, error)) return error;
  return {};
}

// The timeline alone at the size asked for, drawn offscreen. Between frames only.
std::string save_timeline_png(GuiSession& session, const std::string& path, int width, int height, bool fit_all) {
  std::string error;
  // The picture's type is sized to the picture, from glyphs built at that size; the window's come back after.
  const float scale = picture_ui_scale(height);
  const ThemeFonts fonts = apply_theme(scale);
  reload_font_texture(session.window);
  TimelineFrameLayout drawn;
  const RgbImage image = render_offscreen(
      session.window, width, height, ImGui::ColorConvertU32ToFloat4(palette::kBackdrop),
      [&] { drawn = draw_timeline_picture(session.state, fit_all, fonts, scale); }, error);
  const float font_px = fonts.body->FontSize;
  session.fonts = apply_theme(session.applied_ui_scale);
  reload_font_texture(session.window);
  if (!error.empty()) return error;
  session.state.last_picture = {width, height, scale, font_px, drawn};
  if (!write_png(image, path, error)) return error;
  return {};
}

bool write_dump(const GuiSession& session, const std::string& path) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const std::string dump =
      app_dump_json(session.state, static_cast<int>(display.x), static_cast<int>(display.y));
  const std::string error = write_file_atomically(path, dump);
  if (error.empty()) return true;
  std::cerr << "wakeline: " << error << "\n";
  return false;
}

// Something will change without input: a run, a comparison, the playhead playing, a request not
// yet carried out (window_busy adds a trace file loading). Otherwise the window may rest until
// the next event.
bool busy_besides_loading(const GuiSession& session, const std::string& png_to_save) {
  const AppState& state = session.state;
  const AppRequests& asked = state.requests;
  return session.runs.busy() || session.comparing.valid() ||
         !asked.open_trace.empty() || state.playhead.playing || state.quit_requested ||
         state.popup_open || state.layout_settling ||
         !png_to_save.empty() || asked.run || asked.run_editor || asked.stop || asked.run_picked_lesson || asked.compare ||
         asked.add_to_compare ||
         asked.toggle_presentation || !asked.save_png.empty() || !asked.timeline_png.path.empty() ||
         state.message.open_requested || state.file_dialog.open_requested || state.ui_scale != session.applied_ui_scale ||
         !session.dropped.empty();
}

bool window_busy(const GuiSession& session, const std::string& png_to_save) {
  return loading_trace(session.loading) || busy_besides_loading(session, png_to_save);
}

// A trace file loading on its threads is the only thing changing: the progress bar.
bool only_loading(const GuiSession& session, const std::string& png_to_save) {
  return loading_trace(session.loading) && !busy_besides_loading(session, png_to_save);
}

// Idle means idle: no frames until an event, a script lesson's file changed on disk, or
// --exit-after-seconds is up.
void rest_until_event(GuiSession& session, const CliOptions& options, double started) {
  while (!window_should_close(session.window)) {
    double timeout = kLongestRest;
    if (options.exit_after_seconds > 0) {
      const double left = options.exit_after_seconds - (now_s() - started);
      if (left <= 0) return;
      timeout = std::min(timeout, left);
    }
    if (wait_for_events(session.window, timeout)) return;
    if (reload_changed_lessons(session)) return;
  }
}

// A window the user (or a script) drives, until Quit, the window's close button, or
// --exit-after-seconds. With --screenshot, the last frame is saved; with --dump-ui, the dump is
// kept fresh all along.
int run_until_quit(GuiSession& session, const CliOptions& options) {
  const double started = now_s();
  double last_dump = -1e9;
  std::string png_to_save;
  int exit_code = kExitOk;
  int quiet_frames = 0;
  double active_at = now_s();
  for (bool last_frame = false; !last_frame;) {
    last_frame = session.state.quit_requested || window_should_close(session.window) ||
                 (options.exit_after_seconds > 0 && now_s() - started >= options.exit_after_seconds);
    update_scale(session);
    open_dropped_files(session);
    update_run(session.runs, session.state, now_s());
    follow_editor_run(session);
    collect_comparison(session, last_frame);
    collect_opened_trace(session);
    draw_frame(session);

    // File > Export PNG: saved a frame after it was asked for, so the File dialog is gone from it.
    if (!png_to_save.empty()) {
      const std::string error = save_png(session, png_to_save);
      if (error.empty()) log_line(session.state, "Wrote " + png_to_save);
      else report_error(session.state, "Export the window as PNG", error);
    }
    png_to_save = std::exchange(session.state.requests.save_png, {});
    if (last_frame && !options.screenshot_path.empty()) {
      if (const std::string error = save_png(session, options.screenshot_path); !error.empty()) {
        std::cerr << "wakeline: " << error << "\n";
        exit_code = kExitFailure;
      }
    }
    if (!options.dump_ui_path.empty() && (last_frame || now_s() - last_dump >= kDumpEverySeconds)) {
      if (!write_dump(session, options.dump_ui_path) && last_frame) exit_code = kExitFailure;
      last_dump = now_s();
    }
    present_frame(session.window);
    carry_out_requests(session);
    if (auto picture = std::exchange(session.state.requests.timeline_png, {}); !picture.path.empty()) {
      const std::string error = save_timeline_png(session, picture.path, picture.width, picture.height, picture.fit_all);
      if (error.empty()) {
        log_line(session.state, "Wrote " + picture.path + " (" + std::to_string(picture.width) + "x" +
                                    std::to_string(picture.height) + ", the timeline)");
      } else {
        report_error(session.state, "Export the timeline as PNG", error);
      }
    }
    const bool mouse_held = ImGui::IsAnyMouseDown();
    if (only_loading(session, png_to_save) && !mouse_held) wait_for_events(session.window, kLoadingFrameSeconds);
    if (window_busy(session, png_to_save) || mouse_held) active_at = now_s();
    quiet_frames = now_s() - active_at < kSettleSeconds ? 0 : quiet_frames + 1;
    if (quiet_frames >= kSettleFrames && !last_frame) {
      // The dump shows the frame the window rests on, whenever the last one was written.
      if (!options.dump_ui_path.empty()) {
        write_dump(session, options.dump_ui_path);
        last_dump = now_s();
      }
      rest_until_event(session, options, started);
      quiet_frames = 0;
      active_at = now_s();
    }
  }
  return exit_code;
}

// The run a screenshot shows must be over first: virtual runs take moments, real-clock ones as long
// as the lesson says. One that outlasts the limit is stopped, and shown as far as it got.
void finish_run_before_screenshot(GuiSession& session) {
  if (!session.runs.busy()) return;
  if (!session.runs.wait_for(kScreenshotRunLimit)) {
    std::cerr << "wakeline: the run took longer than " << kScreenshotRunLimit.count() << " s; stopping it\n";
    session.runs.request_stop();
    session.runs.wait_for(kStopGrace);
  }
  update_run(session.runs, session.state, now_s());
}

int save_screenshot(GuiSession& session, const CliOptions& options) {
  finish_run_before_screenshot(session);
  collect_comparison(session, true);
  // Wherever the pointer happens to be (the middle of a fresh X screen) it would hover something
  // and show its tooltip; move it beyond the window so every screenshot shows the same thing.
  glfwSetCursorPos(session.window.glfw, options.size.width + 500.0, options.size.height + 500.0);
  update_scale(session);  // --present enlarges the text
  for (int frame = 1; frame <= options.frames; ++frame) {
    draw_frame(session);
    if (frame < options.frames) present_frame(session.window);
  }
  // The last frame is read before it is presented, while the back buffer still holds it.
  FramebufferSize size = framebuffer_size(session.window);
  std::string error;
  if (options.timeline_picture) {
    // `wakeline screenshot`: the timeline alone, for a slide, at exactly the size asked for.
    present_frame(session.window);
    size = {options.size.width, options.size.height};
    error = save_timeline_png(session, options.screenshot_path, size.width, size.height, true);
  } else {
    error = save_png(session, options.screenshot_path);
  }
  if (!error.empty()) {
    std::cerr << "wakeline: " << error << "\n";
    return kExitFailure;
  }
  std::cout << "wakeline: saved a " << size.width << "x" << size.height << (options.timeline_picture ? " timeline" : "")
            << " screenshot to " << options.screenshot_path << "\n";
  if (!options.dump_ui_path.empty() && !write_dump(session, options.dump_ui_path)) return kExitFailure;
  return kExitOk;
}

}  // namespace

int run_gui(const CliOptions& options) {
  const double started_s = now_s();
  StartPlan plan;
  LessonCatalog catalog = load_lesson_catalog(options.lesson_dirs);
  if (const int code = plan_start(options, catalog, plan); code != kExitOk) return code;

  // A fixed number of frames, then a PNG: for docs and tests, the same pixels on every machine.
  const bool frames_only = options.action == Action::Screenshot && options.exit_after_seconds == 0;
  WindowOptions window_options;
  window_options.size = options.size;
  window_options.scale_to_monitor = !frames_only;
  window_options.vsync = !frames_only;

  std::string error;
  std::optional<Window> window = open_window(window_options, error);
  if (!window) {
    std::cerr << "wakeline: " << error << "\n";
    return kExitFailure;
  }

  auto session_owner = std::make_unique<GuiSession>();  // large, and GLFW keeps a pointer into it
  GuiSession& session = *session_owner;
  session.started_s = started_s;
  session.window = *window;
  session.remember_settings = !frames_only;
  session.content_scale = frames_only ? 1.0f : window_content_scale(session.window);
  session.follow_monitor = !frames_only && options.ui_scale_percent == 0;
  session.state.lesson.setup = sc::default_setup(*sc::find_lesson(kDefaultLessonId));
  session.state.catalog = std::move(catalog);  // before the settings: the saved lesson may be a script
  for (const auto& skipped : session.state.catalog.errors) log_line(session.state, "Skipped a script lesson: " + skipped);
  if (session.remember_settings) load_settings_into(session);
  if (options.ui_scale_percent != 0) session.state.ui_scale = snap_ui_scale(options.ui_scale_percent / 100.0f);
  else if (session.follow_monitor) session.state.ui_scale = snap_ui_scale(session.content_scale);
  session.initial_ui_scale = session.state.ui_scale;
  // The renderer has no font texture yet, so this first build needs no reload_font_texture.
  session.fonts = apply_theme(session.state.ui_scale);
  session.applied_ui_scale = session.state.ui_scale;
  install_drop_target(session.window.glfw, &session.dropped);
  greet(session);

  // The command line's lesson wins over the remembered one.
  if (plan.setup || plan.lesson_id != kDefaultLessonId || !session.remember_settings) {
    session.state.lesson.lesson_id = plan.lesson_id;
    session.state.lesson.setup = plan.setup ? *plan.setup : sc::default_setup(*find_lesson_in(session.state.catalog, plan.lesson_id));
  }
  int exit_code = kExitOk;
  if (!plan.trace_file.empty()) {
    if (!frames_only) {
      start_opening(session, plan.trace_file);  // the window appears at once, with a progress bar
    } else if (!open_trace_file(session.state, plan.trace_file)) {
      std::cerr << "wakeline: " << session.state.message.text.substr(0, session.state.message.text.find('\n')) << "\n";
      exit_code = kExitFailure;
    }
  } else if (plan.run || (!frames_only && session.state.lesson.setup.runtime.clock == ClockKind::Virtual)) {
    // A virtual run takes moments, so the first screen already shows the lesson's timeline.
    start_run(session.runs, session.state, now_s());
  }

  if (options.select_task != 0) session.state.timeline.selected_task = options.select_task;
  session.state.playhead.seek_on_load = options.playhead;
  session.state.playhead.reveal = options.reveal;
  if (options.present) toggle_presentation(session.state);
  if (options.edit_copy) {
    session.state.editor.requested = ScriptEditor::Request::Copy;
    carry_out_editor_request(session.state);
  }
  if (!options.page.empty()) {
    session.state.side_tab = options.page == "task" ? AppState::SideTab::Task : AppState::SideTab::State;
    session.state.side_tab_requested = true;
  }
  if (options.compare && exit_code == kExitOk) compare_variants(session);
  if (exit_code == kExitOk) exit_code = frames_only ? save_screenshot(session, options) : run_until_quit(session, options);

  const bool stopped = session.runs.shutdown(RunController::kShutdownGrace);
  if (session.remember_settings) save_settings_from(session);
  close_window(session.window);
  if (!stopped) {
    // The lesson's thread is still inside a long blocking call. Leave without running static
    // destructors under its feet; everything worth keeping is saved and flushed.
    std::cerr << "wakeline: the run did not stop in time; leaving it behind\n";
    std::fflush(nullptr);
    std::_Exit(exit_code);
  }
  return exit_code;
}

}  // namespace wakeline::app
