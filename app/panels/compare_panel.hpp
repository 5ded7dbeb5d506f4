// Compare: every variant of a lesson (plus the Parameters panel's own settings when they differ
// from all of them) run on the virtual clock and stacked on one time axis, each labelled with its
// variant and total time, so "sequential 2000 ms vs join 1000 ms" is visible at a glance.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "panels/theme.hpp"
#include "timeline/timeline_view.hpp"
#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

struct CompareRun {
  std::string label;   // the variant's name ("sequential"), or "your settings"
  std::string detail;  // "mode=sequential, requests=2, latency_ms=1000 · multi_thread ×2"
  std::shared_ptr<const Trace> trace;  // null if it could not run (then `error` says why)
  std::uint64_t total_ns = 0;          // the trace's run.total_ns
  std::string error;   // empty, or why it did not run or did not finish (main failed, deadlock)
  // Its model cache, lane scroll and last frame's layout (thread lanes only); the time window is
  // the comparison's, copied in each frame.
  TimelineView view;
};

struct CompareState {
  bool shown = false;  // the Compare view replaces the timeline while shown
  bool running = false;  // the variants are being simulated (gui_main.cpp); `runs` arrive when all are done
  std::string lesson_id;
  std::vector<CompareRun> runs;
  double start_ns = 0, end_ns = 1e9;  // the shared time axis
  float scroll_y = 0;                 // the runs scrolled up by this many pixels, when they do not all fit
  bool fit_requested = true;          // next frame: 0 to the longest run's end (Fit all, F)
};

// Runs the lesson's variants (and `current` if it matches none) on the virtual clock, one after
// the other, on the calling thread. Lessons are short in virtual time, so this takes milliseconds.
// Each variant is set up as `--variant NAME` would be, with `current`'s flavor, workers and seed
// where the variant sets none (workers only if the flavor stays). A lesson without variants gives
// just "your settings". Never throws: a run that cannot be set up, throws or fails keeps `error`.
std::vector<CompareRun> run_comparison(const scenarios::Lesson& lesson, const scenarios::LessonSetup& current);

// One more run, of `setup` on the virtual clock, at the bottom of the comparison, labelled with
// what it changes from the lesson's defaults ("capacity=1"): how two (or more) chosen parameter
// sets are compared. Never throws, like run_comparison.
void add_to_comparison(CompareState& compare, const scenarios::Lesson& lesson, const scenarios::LessonSetup& setup);

// Fills the current window's content area: header (title, Fit all, Close), one time ruler, then
// each run's label, total and thread lanes. The wheel zooms all runs around the pointer, a drag
// pans them, F fits. Returns true when the user pressed Close.
bool draw_compare_panel(CompareState& compare, const ThemeFonts& fonts, float ui_scale);

// Label, detail, total_ms, events and error (null when none) of each run, for --dump-ui.
nlohmann::ordered_json compare_json(const CompareState& compare);

}  // namespace wakeline::app
