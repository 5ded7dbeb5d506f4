// The timeline's first drawing step: turn the model's spans in the visible window into a short list
// of draw items per lane (a span, or a folded run of spans too narrow to see, with a count), plus
// markers and arrows. Cost follows the pixels, not the trace: each lane is binary-searched, and a
// folded run is skipped over with one more search per pixel or so. The painter draws these items;
// tests and ui_dump read them instead of pixels.
#pragma once

#include <cstdint>
#include <vector>

#include "timeline/time_window.hpp"
#include "timeline/timeline_model.hpp"

namespace wakeline::app {

struct DrawItem {
  float x0 = 0;  // pixels from the window's left edge, clamped to a little outside [0, width]
  float x1 = 0;
  std::uint64_t start_ns = 0;
  std::uint64_t end_ns = 0;
  std::uint32_t first = 0;  // index of its (first) span in the lane's source array
  std::uint32_t count = 1;  // 1 for a span; how many spans a folded run stands for
  TaskId task = 0;                 // the span's task; 0 for a folded run
  SpanKind kind = SpanKind::Poll;  // the span's kind; for a folded run, its first span's
  bool folded = false;
};

struct MarkerItem {
  float x = 0;
  std::uint64_t time_ns = 0;
  std::uint32_t first = 0;  // index into the lane's markers
  std::uint32_t count = 1;  // markers closer together than a few pixels share one item
  MarkerKind kind = MarkerKind::Print;  // of the first
};

enum class RowKind : std::uint8_t { Thread, Task };

struct RowItems {
  RowKind kind = RowKind::Thread;
  std::uint32_t lane = 0;  // index into model.threads or model.tasks
  std::vector<DrawItem> spans;     // polls (thread lanes) or states (task lanes)
  std::vector<DrawItem> overlays;  // blocking sections, drawn over the polls (thread lanes)
  std::vector<MarkerItem> markers;
};

struct ArrowItem {
  std::uint32_t arrow = 0;  // index into model.arrows
  std::uint32_t from_lane = 0;
  std::uint32_t to_lane = 0;
  float x0 = 0;
  float x1 = 0;
};

struct DrawRequest {
  bool thread_lanes = true;
  std::uint32_t first_task = 0;   // task lanes [first_task, first_task + task_count): the visible ones
  std::uint32_t task_count = 0;
  bool arrows = true;
  float min_span_px = 2.0f;    // spans (and gaps) narrower than this fold together
  float min_marker_px = 7.0f;  // markers closer than this share an item
  // More arrows than this in view (per 100 px of width) are not drawn: they would be a smear.
  float max_arrows_per_100px = 25.0f;
};

struct DrawItems {
  TimeWindow window;
  std::vector<RowItems> rows;  // thread lanes first (if asked for), then the task lanes asked for
  std::vector<ArrowItem> arrows;  // arrows with an end in view (spawn arrows: both ends)
  std::size_t arrows_hidden = 0;  // arrows in view that were left out because there are too many
};

DrawItems prepare_draw_items(const TimelineModel& model, const TimeWindow& window, const DrawRequest& request);

// The folding step on its own, for one sorted, non-overlapping array of spans: appends the items
// for the spans that intersect the window.
void fold_spans(const Span* begin, const Span* end, const TimeWindow& window, float min_span_px,
                std::vector<DrawItem>& out);

}  // namespace wakeline::app
