#include "main_window.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include <imgui_internal.h>  // ClosePopupsExceptModals: Escape closes menus

#include "app_dump.hpp"
#include "editor_actions.hpp"
#include "editor_layout.hpp"
#include "file_actions.hpp"
#include "layout.hpp"
#include "panels/code_panel.hpp"
#include "panels/compare_panel.hpp"
#include "panels/console_panel.hpp"
#include "panels/inspector_panel.hpp"
#include "panels/lessons_panel.hpp"
#include "panels/menu_bar.hpp"
#include "panels/params_panel.hpp"
#include "panels/playhead_bar.hpp"
#include "panels/script_editor_panel.hpp"
#include "panels/state_panel.hpp"
#include "panels/timeline_panel.hpp"
#include "panels/widgets.hpp"
#include "timeline/timeline_model.hpp"
#include "playhead_controls.hpp"
#include "platform/key_codes.hpp"
#include "wakeline/printable.hpp"
#include "wakeline/scenarios/registry.hpp"

namespace wakeline::app {
namespace {

constexpr float kRoomyTimeline = 560.0f;  // at 100%: below it, the playhead bar goes compact
constexpr float kPanelGap = 8.0f;        // at 100%; the backdrop shows through, separating the panels
// The Parameters panel takes the height it needs, within these shares of the left column.
constexpr float kMinParamsShare = 0.40f, kMaxParamsShare = 0.62f;

// Panels are tiles, not floating windows: fixed in place, never stacked, never saved to imgui.ini.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

// `title` may carry a "###id" suffix so a changing title keeps the same window. With `open`, the
// panel is a drawer: drawn over the others, with a close box that clears *open.
template <typename DrawContents>
void draw_panel(const char* title, const char* name, Rect rect, ImGuiWindowFlags extra_flags, ScreenMap& screen,
                DrawContents&& draw_contents, bool* open = nullptr) {
  if (rect.empty()) return;
  screen.widgets.push_back({std::string("panel:") + name, rect.x, rect.y, rect.width, rect.height});
  ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y));
  ImGui::SetNextWindowSize(ImVec2(rect.width, rect.height));
  const bool shown = ImGui::Begin(title, open, kPanelFlags | extra_flags);
  if (open != nullptr) {
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    note_last_item(screen, std::string("close:") + name);  // the title bar, whose close box is at its right end
  }
  if (shown) draw_contents();
  ImGui::End();
}

// Behind a drawer of two panels, so the gap between them shows the backdrop as between tiles, not
// the timeline under it, and a click there does not reach the timeline. Its corners are square so
// none of the timeline peeks out around the panels' rounded ones.
void draw_drawer_backdrop(Rect rect, ScreenMap& screen) {
  screen.widgets.push_back({"backdrop:drawer", rect.x, rect.y, rect.width, rect.height});
  ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y));
  ImGui::SetNextWindowSize(ImVec2(rect.width, rect.height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, palette::kBackdrop);
  constexpr ImGuiWindowFlags flags = kPanelFlags | ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoNav |
                                     ImGuiWindowFlags_NoFocusOnAppearing;
  ImGui::Begin("##drawer_backdrop", nullptr, flags);
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

// The left column: the lesson list on top, its parameters below, which take the height they needed
// last frame within their shares.
std::pair<Rect, Rect> split_left_column(Rect column, float gap, float params_height) {
  if (column.empty()) return {};
  const float room = column.height - gap;
  const float wanted = params_height > 0 ? params_height : room * kMaxParamsShare;
  const float params = std::round(std::clamp(wanted, room * kMinParamsShare, room * kMaxParamsShare));
  const Rect lessons{column.x, column.y, column.width, room - params};
  return {lessons, Rect{column.x, lessons.y + lessons.height + gap, column.width, params}};
}

// A click on a lesson shows it whole at once: its explanation, code and parameters, and its run on
// the virtual clock (instant), so the timeline never shows another lesson's run.
void pick_lesson(AppState& state, const std::string& id) {
  const scenarios::Lesson* lesson = find_lesson_in(state.catalog, id);
  if (lesson == nullptr) return;
  state.lesson.lesson_id = id;
  state.lesson.setup = scenarios::default_setup(*lesson);
  state.requests.run_picked_lesson = true;
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
  // Auto-sized, so every glyph is drawn: a message of any length is folded first.
  ImGui::TextUnformatted(folded(message.text, 4 * kMaxShownBytes).c_str());
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


// Reveal with the playhead before the end: nothing past it may be on screen.
bool reveal_hides_future(const AppState& state) {
  return state.playhead.reveal && playhead_ready(state.playhead) && !playhead_at_end(state.playhead);
}

bool run_going(const AppState& state) {
  return state.run.phase == RunPhase::Running || state.run.phase == RunPhase::Stopping;
}

// While the playhead stands before the end, the console follows it; at the end it is the app's log.
bool step_console(const AppState& state) {
  return playhead_ready(state.playhead) && !playhead_at_end(state.playhead);
}

// A step or a frame of playing that takes the cursor out of the visible window pans the window so
// the cursor stands a third of the way in, keeping the zoom: the class never loses the playhead.
void keep_playhead_in_view(PlayheadView& playhead, TimelineView& timeline) {
  const double at = timeline.playhead_ns;
  if (at < 0 || at == playhead.kept_in_view_ns || timeline.fit_requested) return;
  playhead.kept_in_view_ns = at;
  const double span = timeline.end_ns - timeline.start_ns;
  if (at >= timeline.start_ns && at <= timeline.end_ns) return;
  timeline.start_ns = std::max(0.0, at - span / 3.0);
  timeline.end_ns = timeline.start_ns + span;
  timeline.follow_run = false;
}

// Keeps the playhead on the shown trace, plays it, takes the stepping keys, and tells the timeline
// where to draw it. Before the panels, so they all show the same instant.
void update_playhead(AppState& state) {
  PlayheadView& playhead = state.playhead;
  if (std::string note = sync_playhead(playhead, state.trace, run_going(state)); !note.empty()) {
    log_line(state, std::move(note), ConsoleLine::Kind::Error);
  }
  const ImGuiIO& io = ImGui::GetIO();
  const bool typing = io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  if (!typing && ImGui::IsKeyPressed(keys::kP, false) && !io.KeyCtrl) toggle_presentation(state);
  if (!state.compare.shown) handle_playhead_keys(playhead, state.timeline);
  advance_play(playhead, io.DeltaTime);

  TimelineView& timeline = state.timeline;
  timeline.compact = state.presentation.on;
  timeline.playhead_ns = playhead_ready(playhead) ? playhead_time_ns(playhead) : -1.0;
  keep_playhead_in_view(playhead, timeline);
  timeline.reveal = playhead.reveal && playhead_ready(playhead);
  if (playhead.marked_for_line != playhead.line_filter || !playhead_ready(playhead)) {
    timeline.marked_times = playhead_ready(playhead) ? event_times_at_line(playhead, playhead.line_filter)
                                                     : std::vector<std::uint64_t>{};
    playhead.marked_for_line = playhead_ready(playhead) ? playhead.line_filter : 0;
  }
}

void draw_timeline_with_playhead(AppState& state, const ThemeFonts& fonts, double now_s) {
  if (state.trace != nullptr) {
    const char* name = "";
    std::string selected_name;
    if (state.timeline.selected_task != 0 && playhead_ready(state.playhead)) {
      selected_name = state.playhead.cache->states->catalog().task_name(state.timeline.selected_task);
      name = selected_name.c_str();
    }
    // Short of room, the bar takes one row so the lanes keep theirs.
    const bool compact = state.presentation.on || ImGui::GetContentRegionAvail().y < kRoomyTimeline * state.ui_scale;
    const FittedText narration = draw_playhead_bar(state.playhead, state.timeline.selected_task, name, fonts, state.ui_scale, compact);
    state.screen.narration_shown = narration.shown;
    state.screen.narration_cut = narration.cut;
    if (!compact) ImGui::Spacing();
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  state.screen.timeline_x = origin.x;
  state.screen.timeline_y = origin.y;
  state.screen.timeline_width = avail.x;
  state.screen.timeline_height = avail.y;
  EmptyTimelineText empty;
  if (run_going(state)) {
    // A long virtual run (200 000 tasks) takes seconds: say how far it is, not "pick a lesson".
    char detail[96];
    std::snprintf(detail, sizeof detail, "%s: %.1f s so far.",
                  state.run.clock == ClockKind::Virtual ? "Simulating on the virtual clock" : "Running on the real clock",
                  std::max(0.0, now_s - state.run.started_at_s));
    empty = {"Running " + state.run.lesson_id + "...", detail};
  }
  if (state.trace == nullptr) state.screen.timeline_note = empty.title + " " + empty.detail;
  draw_timeline_panel(state.trace.get(), state.timeline, fonts, state.ui_scale, empty);
  // Dragging on the ruler scrubs; clicking a span or marker puts the playhead just after its event.
  if (state.timeline.scrub_to_ns >= 0) {
    state.playhead.playing = false;
    to_time(state.playhead, state.timeline.scrub_to_ns);
  } else if (state.timeline.clicked_event >= 0) {
    state.playhead.playing = false;
    seek(state.playhead, static_cast<std::size_t>(state.timeline.clicked_event) + 1);
  }
}

// The right column: the runtime's state at the playhead, and the task inspector, as two pages.
void draw_side_panel(AppState& state, const ThemeFonts& fonts) {
  if (!ImGui::BeginTabBar("##side")) return;
  const auto page_flags = [&](AppState::SideTab tab) {
    return state.side_tab_requested && state.side_tab == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
  };
  const ImGuiTabItemFlags state_flags = page_flags(AppState::SideTab::State);
  const ImGuiTabItemFlags task_flags = page_flags(AppState::SideTab::Task);
  state.side_tab_requested = false;
  if (ImGui::BeginTabItem("State", nullptr, state_flags)) {
    state.side_tab = AppState::SideTab::State;
    note_last_item(state.screen, "tab:State");
    if (playhead_ready(state.playhead)) {
      draw_state_panel(state.playhead.state, state.playhead.cache->states->catalog(), state.timeline.selected_task, fonts,
                       state.ui_scale, {.hide_future = reveal_hides_future(state), .shown = &state.screen.state_page_text});
    } else {
      muted_text_wrapped(state.trace ? "The runtime's state at the playhead appears here when the run has ended."
                                     : "Run a lesson: the runtime's state at each step of it appears here.");
    }
    ImGui::EndTabItem();
  } else {
    note_last_item(state.screen, "tab:State");
  }
  if (!state.presentation.on) {
    if (ImGui::BeginTabItem("Task", nullptr, task_flags)) {
      state.side_tab = AppState::SideTab::Task;
      note_last_item(state.screen, "tab:Task");
      const TaskId was_selected = state.timeline.selected_task;
      // Reveal: the task statistics of the events up to the playhead, not of the whole run. Else
      // the whole run's, which the timeline's model (drawn first) holds already.
      const TimelineModel* model = state.timeline.model.get();
      const bool model_of_trace = state.trace && model != nullptr && model->built_from(*state.trace);
      const InspectorOptions options{.up_to_event = reveal_hides_future(state) ? std::optional(state.playhead.position)
                                                                               : std::nullopt,
                                     .whole_run_stats = model_of_trace ? model->task_stats : nullptr,
                                     .shown = &state.screen.task_page_text};
      draw_inspector_panel(state.trace, state.inspector, state.timeline.selected_task, fonts, state.ui_scale, options);
      // Picked in the inspector: bring its lane into view on the timeline (next frame; it is drawn first).
      if (state.timeline.selected_task != was_selected) state.timeline.scroll_to_task = state.timeline.selected_task;
      ImGui::EndTabItem();
    } else {
      note_last_item(state.screen, "tab:Task");
    }
  }
  ImGui::EndTabBar();
}

}  // namespace

void draw_main_window(AppState& state, const ThemeFonts& fonts, double now_s) {
  // What the layout rests on, to tell at the end whether this frame moved it.
  const auto settled_on = [&] {
    const CodeView& code = state.playhead.code;
    return std::tuple(state.timeline_wants_height, state.params_height, state.folded, state.drawer, code.scrolled_to,
                      code.scrolled_row_height, code.scrolled_view_height, code.snapped_scroll);
  };
  const auto settled_before = settled_on();
  state.screen = ScreenMap{};
  state.screen.char_width = ImGui::CalcTextSize("0").x;
  // Escape closes an open menu or combo, as everywhere else (a message box handles its own); with
  // none open, it closes the drawer.
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) state.drawer = DrawerPanel::None;
    ImGui::ClosePopupsExceptModals();
  }
  const float menu_height = draw_menu_bar(state, fonts);
  update_playhead(state);
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  // The menu bar's own height, not viewport.WorkPos: ImGui 1.86 updates the work area one frame
  // late, which would let the first frame (and a one-frame screenshot) overlap the menu.
  const Rect work_area{viewport.Pos.x, viewport.Pos.y + menu_height, viewport.Size.x, viewport.Size.y - menu_height};
  const float gap = kPanelGap * state.ui_scale;
  // The script editor, while open, takes the right column beside the timeline; the Inspector gives way.
  const EditorSplit split = state.editor.open ? split_for_editor(work_area, state.ui_scale, gap) : EditorSplit{work_area, {}};
  PanelVisibility visible = state.panels;
  if (state.editor.open) visible.inspector = false;
  // Presentation mode is for showing the run: the bottom row gives the timeline room for every lane.
  const bool lanes_first = state.presentation.on && !state.compare.shown;
  const PanelLayout layout =
      compute_panel_layout(split.rest, state.ui_scale, gap, visible, lanes_first ? state.timeline_wants_height : 0.0f);
  state.folded = layout.folded;
  // A drawer is for a panel with no room: once it has room again (a smaller scale), it is a tile.
  const bool drawer_valid = (state.drawer == DrawerPanel::Lessons && layout.folded.lessons) ||
                            (state.drawer == DrawerPanel::Inspector && layout.folded.inspector) ||
                            (state.drawer == DrawerPanel::Code && layout.folded.code) ||
                            (state.drawer == DrawerPanel::Console && layout.folded.console);
  if (!drawer_valid) state.drawer = DrawerPanel::None;

  const std::vector<scenarios::Lesson>& lessons = scenarios::lessons();
  const scenarios::Lesson* lesson = find_lesson_in(state.catalog, state.lesson.lesson_id);

  // Each panel's contents, drawn in its tile or, folded, in the drawer.
  const auto lessons_contents = [&] {
    if (auto picked = draw_lessons_panel(lessons, state.catalog.scripts, state.lesson.lesson_id, state.screen))
      pick_lesson(state, *picked);
  };
  const auto params_contents = [&] {
    if (lesson == nullptr) {
      muted_text_wrapped("Pick a lesson above.");
      return;
    }
    const RunAction action = draw_params_panel(*lesson, state.lesson.setup, state.run, now_s, state.ui_scale, state.screen,
                                               reveal_hides_future(state));
    if (action == RunAction::Run) state.requests.run = true;
    if (action == RunAction::Stop) state.requests.stop = true;
    state.params_height = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
  };
  const auto side_contents = [&] { draw_side_panel(state, fonts); };
  const auto code_contents = [&] {
    if (!playhead_ready(state.playhead)) {
      muted_text_wrapped(state.trace ? "The lesson's code appears here when the run has ended."
                                     : "The lesson's code appears here once it has run.");
      return;
    }
    if (const auto line = draw_code_panel(state.playhead.cache->source, state.playhead.code, fonts, state.ui_scale)) {
      // Clicking a line picks its events: marked on the timeline, the playhead on the next of them.
      state.playhead.line_filter = *line;
      state.playhead.playing = false;
      to_next_event_at_line(state.playhead, *line);
      // Marked in this frame, so no frame (nor dump) shows the line picked without its marks.
      state.timeline.marked_times = event_times_at_line(state.playhead, *line);
      state.playhead.marked_for_line = *line;
    }
  };
  const auto console_contents = [&] {
    if (step_console(state)) {
      const RuntimeState& at = state.playhead.state;
      const ConsoleStep step{at.output ? std::span<const PrintedLine>(*at.output) : std::span<const PrintedLine>(),
                             at.printed_count, state.playhead.reveal};
      draw_console_panel(state.console, &step, fonts);
    } else {
      draw_console_panel(state.console, nullptr, fonts);
    }
  };
  const std::string console_title = step_console(state) ? "Console (at the playhead)###Console" : "Console###Console";

  const auto [lessons_rect, params_rect] = split_left_column(layout.lessons, gap, state.params_height);
  draw_panel("Lessons", "Lessons", lessons_rect, 0, state.screen, lessons_contents);
  draw_panel("Parameters", "Parameters", params_rect, 0, state.screen, params_contents);

  if (state.compare.shown) {
    draw_panel("Compare###Timeline", "Compare", layout.timeline, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse,
               state.screen, [&] {
                 if (state.compare.running) {
                   heading_text(fonts, "Comparing...");
                   muted_text_wrapped("Each variant of the lesson runs on the virtual clock; they appear here, stacked on "
                                      "one time axis, when all have finished.");
                 } else if (draw_compare_panel(state.compare, fonts, state.ui_scale)) {
                   state.compare.shown = false;
                 }
               });
  } else {
    // The run's title, cut at a word with an ellipsis when the panel is too narrow for it (its
    // settings are also in the Parameters panel).
    const float title_room = layout.timeline.width - 2.0f * ImGui::GetStyle().FramePadding.x;
    const std::string timeline_title =
        state.trace_title.empty() ? std::string("Timeline###Timeline")
                                  : fit_text_lines("Timeline: " + state.trace_title, title_room, 1).shown + "###Timeline";
    draw_panel(timeline_title.c_str(), "Timeline", layout.timeline,
               ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse, state.screen,
               [&] { draw_timeline_with_playhead(state, fonts, now_s); });
    // The panel's height without its plot, plus the plot that holds every lane: stable from frame to
    // frame, as the panel's other parts keep their size when it grows.
    const TimelineFrameLayout& drawn = state.timeline.last_layout;
    state.timeline_wants_height =
        drawn.drawn ? layout.timeline.height - drawn.plot.height + drawn.lanes_min_height : 0.0f;
  }
  draw_panel("###Side", "Inspector", layout.inspector, ImGuiWindowFlags_NoTitleBar, state.screen, side_contents);
  draw_panel("Code", "Code", layout.code, ImGuiWindowFlags_HorizontalScrollbar, state.screen, code_contents);
  draw_panel(console_title.c_str(), "Console", layout.console, 0, state.screen, console_contents);

  // The drawer, last so it lies over the timeline; its close box, Escape or the Panels menu shut it.
  const Rect drawer = drawer_rect(work_area, state.ui_scale, gap, state.drawer);
  bool drawer_open = true;
  switch (state.drawer) {
    case DrawerPanel::None: break;
    case DrawerPanel::Lessons: {
      const auto [top, bottom] = split_left_column(drawer, gap, state.params_height);
      draw_drawer_backdrop(drawer, state.screen);
      draw_panel("Lessons", "Lessons", top, 0, state.screen, lessons_contents, &drawer_open);
      draw_panel("Parameters", "Parameters", bottom, 0, state.screen, params_contents, &drawer_open);
      break;
    }
    case DrawerPanel::Inspector:
      draw_panel("Inspector###Side", "Inspector", drawer, 0, state.screen, side_contents, &drawer_open);
      break;
    case DrawerPanel::Code:
      draw_panel("Code", "Code", drawer, ImGuiWindowFlags_HorizontalScrollbar, state.screen, code_contents, &drawer_open);
      break;
    case DrawerPanel::Console:
      draw_panel(console_title.c_str(), "Console", drawer, 0, state.screen, console_contents, &drawer_open);
      break;
  }
  if (!drawer_open) state.drawer = DrawerPanel::None;

  const std::string editor_title = "Script: " + state.editor.name + (state.editor.dirty ? " *" : "") + "###Editor";
  draw_panel(editor_title.c_str(), "Editor", split.editor, 0, state.screen,
             [&] { draw_script_editor_panel(state.editor, fonts, state.ui_scale, state.screen); });
  carry_out_editor_request(state);

  draw_file_dialog(state, fonts);
  draw_message_box(state.message, state.ui_scale, state.screen);
  // Menus and popups place themselves over a few frames: the window does not rest while one is open.
  state.popup_open = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  state.layout_settling = settled_on() != settled_before;
}

}  // namespace wakeline::app
