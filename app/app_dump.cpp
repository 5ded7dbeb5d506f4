#include "app_dump.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "panels/params_panel.hpp"
#include "panels/state_panel.hpp"
#include "playhead_controls.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/ui_dump.hpp"
#include "wakeline/scenarios/registry.hpp"

namespace wakeline::app {
namespace {

using nlohmann::ordered_json;

ordered_json rect_json(float x, float y, float width, float height) {
  return {{"x", x}, {"y", y}, {"width", width}, {"height", height}};
}

std::string_view phase_name(RunPhase phase) {
  switch (phase) {
    case RunPhase::Idle: return "idle";
    case RunPhase::Running: return "running";
    case RunPhase::Stopping: return "stopping";
    case RunPhase::Finished: return "finished";
    case RunPhase::Stopped: return "stopped";
    case RunPhase::Deadlocked: return "deadlocked";
    case RunPhase::Failed: return "failed";
  }
  return "unknown";
}

ordered_json drawer_name(DrawerPanel panel) {
  switch (panel) {
    case DrawerPanel::None: return nullptr;
    case DrawerPanel::Lessons: return "lessons";
    case DrawerPanel::Inspector: return "inspector";
    case DrawerPanel::Code: return "code";
    case DrawerPanel::Console: return "console";
  }
  return nullptr;
}

ordered_json app_json(const AppState& state) {
  ordered_json app;
  app["lesson"] = state.lesson.lesson_id;
  ordered_json params = ordered_json::object();
  if (const scenarios::Lesson* lesson = find_lesson_in(state.catalog, state.lesson.lesson_id)) {
    for (const auto& [key, value] : scenarios::params_as_text(*lesson, state.lesson.setup.params)) params[key] = value;
  }
  app["params"] = params;
  // The variant chip lit in the Parameters panel, or null for hand-made settings.
  ordered_json variant = nullptr;
  if (const scenarios::Lesson* lesson = scenarios::find_lesson(state.lesson.lesson_id)) {
    if (const scenarios::Variant* lit = matching_variant(*lesson, state.lesson.setup)) variant = lit->name;
  }
  app["variant"] = variant;
  const scenarios::RuntimeSettings& runtime = state.lesson.setup.runtime;
  app["runtime"] = {{"flavor", to_string(runtime.flavor)}, {"workers", runtime.workers},
                    {"clock", to_string(runtime.clock)}, {"seed", runtime.seed},
                    {"cores", runtime.cores}, {"timer_tick_ms", runtime.timer_tick_ms}};
  // Reveal with the playhead before the end hides how the run ends, in the dump as on screen.
  const bool hiding = state.playhead.reveal && playhead_ready(state.playhead) && !playhead_at_end(state.playhead);
  app["run"] = {{"phase", phase_name(state.run.phase)}, {"lesson", state.run.lesson_id},
                {"headline", hiding ? std::string() : state.run.headline},
                {"details", hiding ? std::vector<std::string>{} : state.run.details}};
  // What the shown trace was recorded with: tests compare it to what they clicked.
  ordered_json shown = nullptr;
  if (state.trace) {
    ordered_json trace_params = ordered_json::object();
    for (const auto& [key, value] : state.trace->run.params) trace_params[key] = value;
    shown = {{"title", state.trace_title}, {"scenario", state.trace->run.scenario}, {"params", trace_params},
             {"flavor", to_string(state.trace->run.flavor)}, {"workers", state.trace->run.workers},
             {"clock", to_string(state.trace->run.clock)},
             {"events", hiding ? ordered_json(nullptr) : ordered_json(state.trace->events.size())}};
  }
  app["trace"] = shown;
  // The card over an empty timeline, or null while a trace is shown.
  app["timeline_note"] = state.screen.timeline_note.empty() ? ordered_json(nullptr) : ordered_json(state.screen.timeline_note);
  app["selected_task"] = state.timeline.selected_task;
  // The File popup's path and, for Open, the folder its browser shows: what a script walking it reads.
  const FileDialog& dialog = state.file_dialog;
  app["file_dialog"] = dialog.kind == FileDialogKind::None
                           ? ordered_json(nullptr)
                           : ordered_json{{"path", dialog.path}, {"folder", dialog.browser.folder}};
  app["ui_scale"] = state.ui_scale;
  app["frames"] = state.frames_drawn;
  app["panels"] = {{"lessons", state.panels.lessons}, {"inspector", state.panels.inspector}, {"console", state.panels.console},
                   {"code", state.panels.code}};
  // Panels wanted but given no room (they open in the drawer), and the one the drawer shows.
  ordered_json folded = ordered_json::array();
  if (state.folded.lessons) folded.push_back("lessons");
  if (state.folded.inspector) folded.push_back("inspector");
  if (state.folded.code) folded.push_back("code");
  if (state.folded.console) folded.push_back("console");
  app["folded"] = folded;
  app["drawer"] = drawer_name(state.drawer);
  app["presentation"] = state.presentation.on;
  app["side_tab"] = state.side_tab == AppState::SideTab::State ? "state" : "task";
  // The words the side page on screen drew last frame, line by line.
  app["side_text"] = state.side_tab == AppState::SideTab::State ? state.screen.state_page_text : state.screen.task_page_text;
  ordered_json console = ordered_json::array();
  if (hiding) {
    // What the console panel shows at the playhead: the app's lines before the run, then the
    // lesson's lines printed so far.
    for (std::size_t i = 0; i < std::min(state.run_output_start, state.console.size()); ++i) {
      console.push_back(state.console[i].text);
    }
    for (const PrintedLine& line : state.playhead.state.printed()) console.push_back(line.text);
  } else {
    for (const ConsoleLine& line : state.console) console.push_back(line.text);
  }
  app["console"] = console;
  return app;
}

ordered_json rect_json(const FrameRect& rect) { return rect_json(rect.x, rect.y, rect.width, rect.height); }

// Where each lane the timeline dump lists was drawn last frame: thread lanes, then task lanes, as in the dump.
ordered_json timeline_layout_json(const AppState& state) {
  const TimelineModel* model = state.timeline.model.get();
  const TimelineFrameLayout& layout = state.timeline.last_layout;
  if (!state.trace || model == nullptr || !model->built_from(*state.trace) || !layout.drawn) return nullptr;
  ordered_json rows = ordered_json::array();
  for (const LaneRow& row : layout.thread_rows) rows.push_back({{"y", row.y}, {"height", row.height}});
  // The same task lanes as the timeline's "lanes" (dumped_task_lanes), so row i is lane i.
  const TaskLaneRange tasks = dumped_task_lanes(state.timeline, model->tasks.size());
  for (std::uint32_t lane = tasks.first; lane < tasks.first + tasks.count; ++lane) {
    const LaneRow row = layout.task_row(lane);
    rows.push_back({{"y", row.y}, {"height", row.height}});
  }
  // Lanes drawn whole inside the plot: what the class sees without scrolling.
  const auto whole = [&](const LaneRow& row) {
    return row.y >= layout.plot.y - 0.5f && row.y + row.height <= layout.plot.y + layout.plot.height + 0.5f;
  };
  std::size_t threads_drawn = 0, tasks_drawn = 0;
  for (const LaneRow& row : layout.thread_rows) threads_drawn += whole(row);
  const std::uint32_t visible_end = layout.first_visible_task + layout.visible_task_count;
  for (std::uint32_t lane = layout.first_visible_task; lane < visible_end; ++lane) tasks_drawn += whole(layout.task_row(lane));
  return {{"toolbar", rect_json(layout.toolbar)}, {"ruler", rect_json(layout.ruler)}, {"gutter", rect_json(layout.gutter)},
          {"plot", rect_json(layout.plot)}, {"legend", rect_json(layout.legend)}, {"rows", rows},
          {"lanes_drawn", threads_drawn + tasks_drawn}, {"task_lanes_drawn", tasks_drawn}};
}

// The playhead and what the panels show at it: position, time, narration, the state panel's
// facts, the code panel's highlighted line, the console's printed lines so far.
ordered_json playhead_json(const AppState& state) {
  const PlayheadView& view = state.playhead;
  if (!playhead_ready(view)) return nullptr;
  ordered_json out;
  out["position"] = view.position;
  out["events"] = view.reveal && !playhead_at_end(view) ? ordered_json(nullptr) : ordered_json(event_count(view));
  out["time_ns"] = playhead_time_ns(view);
  const std::optional<std::size_t> current = current_event(view);
  out["event"] = current ? ordered_json(*current) : ordered_json(nullptr);
  out["event_kind"] = current ? ordered_json(to_string(view.cache->trace->events[*current].kind)) : ordered_json(nullptr);
  out["playing"] = view.playing;
  out["speed"] = speed_text(view);
  out["reveal"] = view.reveal;
  out["narration"] = narration_text(view);
  // As the stepping bar drew it last frame: wrapped lines, and whether it was cut (then with a tooltip).
  out["narration_shown"] = state.screen.narration_shown;
  out["narration_cut"] = state.screen.narration_cut;
  out["code"] = code_json(view.cache->source, view.code);
  out["line_filter"] = view.line_filter;
  out["marked_events"] = state.timeline.marked_times.size();
  out["position_text"] = position_text(view);
  out["state"] = state_json(view.state, view.cache->states->catalog(), view.reveal && !playhead_at_end(view));
  ordered_json printed = ordered_json::array();
  for (const PrintedLine& line : view.state.printed()) printed.push_back(line.text);
  out["printed"] = printed;
  return out;
}

// The script editor: its file, whether it changed, the gutter's marks, the last run's total, and
// where line 1 column 0 is drawn so a script can click at a line and column.
ordered_json editor_json(const ScriptEditor& editor) {
  if (!editor.open) return nullptr;
  ordered_json marks = ordered_json::array();
  for (const GutterMark& mark : editor.marks)
    marks.push_back({{"line", mark.line}, {"message", mark.message}, {"at_run", mark.at_run}});
  const ScriptEditor::TextGeometry& at = editor.geometry;
  return {{"open", editor.open},
          {"name", editor.name},
          {"path", editor.path},
          {"dirty", editor.dirty},
          {"editing", editor.editing},
          {"lines", std::count(editor.text.begin(), editor.text.end(), '\n') + 1},
          {"cursor_line", editor.editing ? ordered_json(editor.cursor_line) : ordered_json(nullptr)},
          {"marks", marks},
          {"notice", editor.notice},
          {"notice_is_error", editor.notice_is_error},
          {"runs_started", editor.runs_started},
          {"run_lesson", editor.run_lesson_id},
          {"last_run_total_ms", editor.last_total_ns ? ordered_json(static_cast<double>(*editor.last_total_ns) / 1e6)
                                                     : ordered_json(nullptr)},
          {"buffer", editor.text},
          {"text", {{"x", at.x}, {"y", at.y}, {"line_height", at.line_height}, {"char_width", at.char_width},
                    {"top", at.top}, {"bottom", at.bottom}}}};
}

// The last timeline picture: its size, its type, and how much of its height the lanes fill (from the
// plot's top to the last lane's bottom).
ordered_json picture_json(const PictureRecord& picture) {
  if (picture.width == 0) return nullptr;
  const TimelineFrameLayout& layout = picture.layout;
  float lanes_bottom = layout.plot.y;
  for (const LaneRow& row : layout.thread_rows) lanes_bottom = std::max(lanes_bottom, row.y + row.height);
  if (layout.task_lane_count > 0) {
    const LaneRow last = layout.task_row(layout.task_lane_count - 1);
    lanes_bottom = std::max(lanes_bottom, std::min(last.y + last.height, layout.plot.y + layout.plot.height));
  }
  return {{"width", picture.width}, {"height", picture.height}, {"ui_scale", picture.ui_scale},
          {"font_px", picture.font_px}, {"plot", rect_json(layout.plot)},
          {"lanes", rect_json(layout.plot.x, layout.plot.y, layout.plot.width, lanes_bottom - layout.plot.y)},
          {"lanes_share", (lanes_bottom - layout.plot.y) / static_cast<float>(picture.height)}};
}

}  // namespace

void note_last_item(ScreenMap& screen, std::string name) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  screen.widgets.push_back({std::move(name), min.x, min.y, max.x - min.x, max.y - min.y});
}

std::string app_dump_json(const AppState& state, int window_width, int window_height) {
  ordered_json out;
  out["app"] = app_json(state);
  // The UI thread's CPU for the last frames: a test zooming a huge run reads whether it stayed live.
  const FrameTimes& frames = state.frame_times;
  ordered_json recent = ordered_json::array();  // oldest first
  const std::uint64_t kept = std::min<std::uint64_t>(frames.frames, FrameTimes::kKept);
  for (std::uint64_t f = frames.frames - kept; f < frames.frames; ++f) recent.push_back(frames.recent_ms[f % FrameTimes::kKept]);
  out["frames"] = {{"count", frames.frames}, {"last_cpu_ms", frames.last_ms},
                   {"slowest_cpu_ms_of_last_30", slowest_recent_ms(frames, 30)}, {"recent_cpu_ms", recent}};
  if (const OpenTiming& open = state.open_timing; open.started_s >= 0)
    out["frames"]["trace_open"] = {{"started_s", open.started_s}, {"loaded_s", open.loaded_s},
                                   {"first_frame_s", open.first_frame_s}, {"first_frame_cpu_ms", open.first_frame_cpu_ms},
                                   {"read_cpu_ms", open.read_cpu_ms}, {"prepare_cpu_ms", open.prepare_cpu_ms},
                                   {"playhead_cpu_ms", open.playhead_cpu_ms}};

  ordered_json layout;
  layout["window"] = {{"width", window_width}, {"height", window_height}};
  ordered_json widgets = ordered_json::object();
  for (const WidgetRect& widget : state.screen.widgets) {
    widgets[widget.name] = rect_json(widget.x, widget.y, widget.width, widget.height);
  }
  layout["widgets"] = widgets;
  layout["char_width"] = state.screen.char_width;  // a digit of the body font: panel widths in characters
  layout["timeline"] = timeline_layout_json(state);
  const TimelineFrameLayout& drawn = state.timeline.last_layout;
  const float plot_width = drawn.drawn ? drawn.plot.width : state.screen.timeline_width;
  out["layout"] = layout;

  out["timeline"] = state.trace ? ordered_json::parse(dump_ui_json(*state.trace, state.timeline, plot_width)) : nullptr;
  out["playhead"] = playhead_json(state);
  out["editor"] = editor_json(state.editor);
  out["picture"] = picture_json(state.last_picture);
  out["compare"] = state.compare.shown ? ordered_json{{"lesson", state.compare.lesson_id},
                                                      {"running", state.compare.running},
                                                      {"own_axes", own_axes(state.compare)},
                                                      {"notice", state.compare.notice},
                                                      {"runs", compare_json(state.compare)}}
                                       : ordered_json(nullptr);
  return out.dump(1);
}

}  // namespace wakeline::app
