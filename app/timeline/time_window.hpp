// The visible stretch of time and the pixels it is drawn on: the one conversion between
// nanoseconds and x that the ruler, the draw items, the painter and the input all share.
#pragma once

namespace wakeline::app {

struct TimeWindow {
  double start_ns = 0;  // at x = 0
  double end_ns = 1;    // at x = width_px
  float width_px = 1;

  double span_ns() const { return end_ns > start_ns ? end_ns - start_ns : 1.0; }
  double ns_per_px() const { return span_ns() / (width_px > 0 ? width_px : 1.0f); }
  float x_of(double ns) const { return static_cast<float>((ns - start_ns) / ns_per_px()); }
  double ns_at(float x) const { return start_ns + static_cast<double>(x) * ns_per_px(); }
};

}  // namespace wakeline::app
