// Moving the visible time window: fit the whole run, zoom around a point (the one under the mouse
// stays put), pan, zoom to a range. Plain functions on TimelineView, so they are tested without a
// window; timeline_input.cpp maps the mouse and keyboard onto them.
#pragma once

#include "timeline/timeline_model.hpp"
#include "timeline/timeline_view.hpp"

namespace wakeline::app {

inline constexpr double kMinVisibleNs = 20.0;  // the deepest zoom: 20 ns across the lanes
inline constexpr double kFitMargin = 0.02;     // fit_all leaves this share of room after the run's end

// The whole run: [0, run end + margin]. A run of length 0 still gets a 1 µs window.
void fit_all(TimelineView& view, const TimelineModel& model);
// Fit all, F, Follow: fit next frame, and keep fitting each new trace (TimelineView::follow_run).
void follow_run(TimelineView& view);
// A new run or an opened file: followed from the top, whatever the last one was zoomed to.
void start_following_new_run(TimelineView& view);
// Scales the window by `factor` (< 1 zooms in) keeping `anchor_ns` at the same place on screen.
void zoom_around(TimelineView& view, const TimelineModel& model, double anchor_ns, double factor);
// Shifts the window by `delta_ns` (positive: later times come into view).
void pan_by(TimelineView& view, const TimelineModel& model, double delta_ns);
// Shows [a, b] (in either order) across the lanes.
void zoom_to_range(TimelineView& view, const TimelineModel& model, double a_ns, double b_ns);
// What one wheel notch does: 0.8 per step in, 1.25 per step out.
double wheel_zoom_factor(float wheel_steps);
// Keeps the window between kMinVisibleNs and four fits wide, and overlapping the run.
void clamp_view(TimelineView& view, const TimelineModel& model);

}  // namespace wakeline::app
