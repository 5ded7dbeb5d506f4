// Zoom, pan, fit and zoom-to-range on the view, without a window.
#include <catch2/catch.hpp>

#include "timeline/time_window.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"

using namespace wakeline;
using namespace wakeline::app;

namespace {

TimelineModel two_second_run() {
  TimelineModel model;
  model.run_end_ns = 2'000'000'000;
  return model;
}

// Where `ns` is on a `width` px axis showing the view.
float x_of(const TimelineView& view, double ns, float width = 1000) {
  return TimeWindow{.start_ns = view.start_ns, .end_ns = view.end_ns, .width_px = width}.x_of(ns);
}

}  // namespace

TEST_CASE("fit-all shows the whole run with a little room after it", "[timeline]") {
  const TimelineModel model = two_second_run();
  TimelineView view;
  view.start_ns = 5e8;
  view.end_ns = 6e8;
  view.fit_requested = true;
  fit_all(view, model);
  CHECK(view.start_ns == 0);
  CHECK(view.end_ns == Approx(2e9 * (1 + kFitMargin)));
  CHECK_FALSE(view.fit_requested);
}

TEST_CASE("zooming around the pointer keeps the time under the pointer where it was", "[timeline]") {
  const TimelineModel model = two_second_run();
  TimelineView view;
  fit_all(view, model);
  const float pointer_x = 730;
  const double under_pointer = TimeWindow{.start_ns = view.start_ns, .end_ns = view.end_ns, .width_px = 1000}.ns_at(pointer_x);
  for (const float wheel : {1.0f, 3.0f, -1.0f, 10.0f, 25.0f}) {
    const double span_before = view.end_ns - view.start_ns;
    zoom_around(view, model, under_pointer, wheel_zoom_factor(wheel));
    CHECK(x_of(view, under_pointer) == Approx(pointer_x).margin(0.01));
    if (wheel > 0) CHECK(view.end_ns - view.start_ns < span_before);
    else CHECK(view.end_ns - view.start_ns > span_before);
  }
}

TEST_CASE("zooming in stops at a few tens of nanoseconds, still around the pointer", "[timeline]") {
  const TimelineModel model = two_second_run();
  TimelineView view;
  fit_all(view, model);
  const double anchor = 1.234567e9;
  for (int i = 0; i < 200; ++i) zoom_around(view, model, anchor, 0.5);
  CHECK(view.end_ns - view.start_ns == Approx(kMinVisibleNs));
  CHECK(view.start_ns <= anchor);
  CHECK(view.end_ns >= anchor);
}

TEST_CASE("zooming out and panning keep part of the run in view", "[timeline]") {
  const TimelineModel model = two_second_run();
  TimelineView view;
  fit_all(view, model);
  for (int i = 0; i < 50; ++i) zoom_around(view, model, 0, 2.0);
  CHECK(view.end_ns - view.start_ns <= 4 * 2e9 * (1 + kFitMargin) + 1);
  fit_all(view, model);
  zoom_to_range(view, model, 1e9, 1.1e9);
  pan_by(view, model, 1e12);  // far past the end
  CHECK(view.start_ns < 2e9 * (1 + kFitMargin));
  pan_by(view, model, -1e12);
  CHECK(view.end_ns > 0);
}

TEST_CASE("dragging the window by pixels moves time by that many pixels' worth", "[timeline]") {
  const TimelineModel model = two_second_run();
  TimelineView view;
  zoom_to_range(view, model, 1e9, 1.1e9);  // 100 ms over 1000 px: 100 µs per px
  pan_by(view, model, -50 * 1e5);          // dragged 50 px to the right: earlier times come in
  CHECK(view.start_ns == Approx(0.995e9));
  CHECK(view.end_ns == Approx(1.095e9));
}

TEST_CASE("zoom to a selection shows exactly it, in either drag direction", "[timeline]") {
  const TimelineModel model = two_second_run();
  TimelineView view;
  zoom_to_range(view, model, 1.5e9, 1.2e9);
  CHECK(view.start_ns == Approx(1.2e9));
  CHECK(view.end_ns == Approx(1.5e9));
  zoom_to_range(view, model, 1e9, 1e9);  // a click-sized selection still gives a usable window
  CHECK(view.end_ns - view.start_ns == Approx(kMinVisibleNs));
}

TEST_CASE("zooming, panning or zooming to a range stop following the run, and fit follows it again", "[timeline]") {
  const TimelineModel model = two_second_run();
  TimelineView view;
  fit_all(view, model);
  CHECK(view.follow_run);
  zoom_around(view, model, 1e9, 0.5);
  CHECK_FALSE(view.follow_run);
  follow_run(view);
  CHECK(view.follow_run);
  CHECK(view.fit_requested);
  pan_by(view, model, 1e6);
  CHECK_FALSE(view.follow_run);
  follow_run(view);
  zoom_to_range(view, model, 1e8, 2e8);
  CHECK_FALSE(view.follow_run);
  view.scroll_y = 40;
  start_following_new_run(view);
  CHECK(view.follow_run);
  CHECK(view.scroll_y == 0);
}
