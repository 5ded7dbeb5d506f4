// What the timeline shows and how: the visible time window, the selection, the hover. Kept in the
// app's one AppState, passed to the timeline code each frame; the timeline keeps no state of its own.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wakeline/trace.hpp"

namespace wakeline::app {

struct TimelineModel;

// Where the last frame put the panel's parts, in screen pixels: written by draw_timeline_panel,
// read by whoever needs to point at a lane (--dump-ui, tests) without redoing the layout.
struct FrameRect {
  float x = 0, y = 0, width = 0, height = 0;
};
struct LaneRow {
  float y = 0, height = 0;  // may lie outside the plot when the lanes are scrolled
};
struct TimelineFrameLayout {
  bool drawn = false;  // false until a trace has been drawn (and again while none is shown)
  FrameRect toolbar, ruler, gutter, plot, legend;
  std::vector<LaneRow> thread_rows;  // one per thread lane, top to bottom
  // Task lanes are all one height, one under the other, so they are described, not listed: a list
  // rebuilt every frame would cost O(tasks) for a 200 000-task run of which 20 lanes are in view.
  std::uint32_t task_lane_count = 0;  // 0 while task lanes are hidden
  float task_rows_top = 0;            // the first task lane's top (above the plot when scrolled)
  float task_row_height = 0;
  std::uint32_t first_visible_task = 0;  // the task lanes at least partly inside the plot
  std::uint32_t visible_task_count = 0;
  // The plot's height that would hold every lane at its smallest: the panel asks for it in
  // presentation mode (main_window.cpp), so the lanes fit.
  float lanes_min_height = 0;
  LaneRow task_row(std::uint32_t lane) const {
    return {task_rows_top + static_cast<float>(lane) * task_row_height, task_row_height};
  }
};

struct TimelineView {
  double start_ns = 0;           // left edge of the visible window
  double end_ns = 1e9;           // right edge
  bool fit_requested = true;     // next frame: show the whole run
  // Fit every new trace of the run (a live real-clock run hands one over every 0.2 s), so the
  // growing run stays whole in view. Zooming or panning turns it off and keeps the user's window;
  // Fit all, F or the toolbar's Follow turn it back on (timeline_navigation.hpp).
  bool follow_run = true;
  TaskId selected_task = 0;      // 0: none; highlights its spans and its lane, drives the inspector
  bool show_task_lanes = true;   // the per-task state view under the worker lanes
  bool show_arrows = true;       // who-woke-whom arrows

  // Drawn for a picture (File > Export > Timeline as PNG, `wakeline screenshot`): the toolbar's
  // buttons give way to this title, and nothing reacts to the pointer.
  bool still_image = false;
  std::string image_title;
  // Presentation mode: the lanes come first, so no toolbar row and one legend row. A panel too short
  // for its lanes (a large UI scale beside the side panels) gets the same, for that frame.
  bool compact = false;
  bool toolbar_hidden = false;  // this frame's choice, read by the layout

  float scroll_y = 0;              // lanes scrolled up by this many pixels (0: the first lane at the top)
  TaskId scroll_to_task = 0;       // a request (e.g. the inspector picked it): scroll its lane into view next frame
  bool selecting = false;          // a shift-drag is marking a range to zoom to
  bool scrubbing = false;          // a press on the ruler is dragging the playhead
  double selection_from_ns = 0;    // where that drag started
  double selection_to_ns = 0;      // where the pointer is now
  // The playhead (playhead_view.hpp), drawn as a cursor across the lanes; < 0: none to draw.
  double playhead_ns = -1;
  bool reveal = false;                     // cover everything after the playhead
  std::vector<std::uint64_t> marked_times;  // events from the code line picked, ticked on the ruler

  // Output of the last frame, not input to the next.
  TimelineFrameLayout last_layout;
  double scrub_to_ns = -1;  // the ruler was pressed or dragged there: move the playhead (< 0: not)
  // A span or marker was clicked: the event that opened it (an index into Trace::events), or -1.
  std::int64_t clicked_event = -1;
  // The lanes, spans and arrows derived from the trace shown, built once per trace
  // (timeline_model.hpp). A cache, not state: rebuilt whenever the trace changes.
  std::shared_ptr<const TimelineModel> model;
};

}  // namespace wakeline::app
