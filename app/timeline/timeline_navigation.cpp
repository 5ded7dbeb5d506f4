#include "timeline/timeline_navigation.hpp"

#include <algorithm>
#include <cmath>

namespace wakeline::app {
namespace {

double fit_end(const TimelineModel& model) {
  const double run = static_cast<double>(model.run_end_ns);
  return run > 0 ? run * (1.0 + kFitMargin) : 1000.0;
}

double max_span(const TimelineModel& model) { return std::max(fit_end(model) * 4.0, kMinVisibleNs); }

}  // namespace

void fit_all(TimelineView& view, const TimelineModel& model) {
  view.start_ns = 0;
  view.end_ns = fit_end(model);
  view.fit_requested = false;
}

void follow_run(TimelineView& view) {
  view.follow_run = true;
  view.fit_requested = true;
}

void start_following_new_run(TimelineView& view) {
  follow_run(view);
  view.scroll_y = 0;
}

void clamp_view(TimelineView& view, const TimelineModel& model) {
  if (!std::isfinite(view.start_ns) || !std::isfinite(view.end_ns) || view.end_ns <= view.start_ns) {
    fit_all(view, model);
    return;
  }
  double span = view.end_ns - view.start_ns;
  if (span < kMinVisibleNs || span > max_span(model)) {
    const double center = (view.start_ns + view.end_ns) * 0.5;
    span = std::clamp(span, kMinVisibleNs, max_span(model));
    view.start_ns = center - span * 0.5;
    view.end_ns = center + span * 0.5;
  }
  // At least half the window shows the run (or its fit margin).
  const double lowest = -span * 0.5;
  const double highest = fit_end(model) - span * 0.5;
  const double start = std::clamp(view.start_ns, std::min(lowest, highest), std::max(lowest, highest));
  view.end_ns += start - view.start_ns;
  view.start_ns = start;
}

void zoom_around(TimelineView& view, const TimelineModel& model, double anchor_ns, double factor) {
  if (!(factor > 0) || !std::isfinite(factor)) return;
  const double span = view.end_ns - view.start_ns;
  if (!(span > 0)) return;
  // Clamp the factor rather than the result, so the anchor stays exactly where it was.
  factor = std::clamp(factor, kMinVisibleNs / span, max_span(model) / span);
  view.start_ns = anchor_ns - (anchor_ns - view.start_ns) * factor;
  view.end_ns = anchor_ns + (view.end_ns - anchor_ns) * factor;
  view.fit_requested = false;
  view.follow_run = false;
  clamp_view(view, model);
}

void pan_by(TimelineView& view, const TimelineModel& model, double delta_ns) {
  view.start_ns += delta_ns;
  view.end_ns += delta_ns;
  view.fit_requested = false;
  view.follow_run = false;
  clamp_view(view, model);
}

void zoom_to_range(TimelineView& view, const TimelineModel& model, double a_ns, double b_ns) {
  double from = std::min(a_ns, b_ns), to = std::max(a_ns, b_ns);
  if (to - from < kMinVisibleNs) {
    const double center = (from + to) * 0.5;
    from = center - kMinVisibleNs * 0.5;
    to = center + kMinVisibleNs * 0.5;
  }
  view.start_ns = from;
  view.end_ns = to;
  view.fit_requested = false;
  view.follow_run = false;
  clamp_view(view, model);
}

double wheel_zoom_factor(float wheel_steps) { return std::pow(0.8, static_cast<double>(wheel_steps)); }

}  // namespace wakeline::app
