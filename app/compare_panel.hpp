// Compare: every variant of a lesson (plus the Parameters panel's own settings when they differ
// from all of them) run on the virtual clock and stacked on one time axis, each labelled with its
// variant and total time, so "sequential 2000 ms vs join 1000 ms" is visible at a glance.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "theme.hpp"
#include "timeline/timeline_view.hpp"
#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

struct CompareRun {
  std::string label;   // "sequential", or "your settings"
  std::string detail;  // "mode=sequential, requests=2, latency_ms=1000"
  std::shared_ptr<const Trace> trace;  // null if it could not run (then `error` says why)
  std::uint64_t total_ns = 0;
  std::string error;
  TimelineView view;  // its own lanes and scroll; the time window is the comparison's
};

struct CompareState {
  bool shown = false;  // the Compare view replaces the timeline while shown
  std::string lesson_id;
  std::vector<CompareRun> runs;
  double start_ns = 0, end_ns = 1e9;  // the shared time axis
  bool fit_requested = true;
};

// Runs the lesson's variants (and `current` if it matches none) on the virtual clock, one after
// the other, on the calling thread. Lessons are short in virtual time, so this takes milliseconds.
std::vector<CompareRun> run_comparison(const scenarios::Lesson& lesson, const scenarios::LessonSetup& current);

// Fills the current window's content area. Returns true when the user closed the comparison.
bool draw_compare_panel(CompareState& compare, const ThemeFonts& fonts, float ui_scale);

// Label, detail, total_ms, events and error of each run, for --dump-ui.
nlohmann::ordered_json compare_json(const CompareState& compare);

}  // namespace wakeline::app
