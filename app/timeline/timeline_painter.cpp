#include "timeline/timeline_painter.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "count_text.hpp"
#include "timeline/timeline_colors.hpp"

namespace wakeline::app {
namespace {

constexpr float kSmallText = 0.78f;  // of the body font: lane statistics, section headers
constexpr float kSpanText = 0.86f;   // of the body font: names inside spans
constexpr float kDimmed = 0.30f;     // alpha of what is not the selected task

// ---------------------------------------------------------------------------------------------
// Small drawing helpers

struct Painter {
  ImDrawList& draw;
  const PaintInput& in;
  float s;  // UI scale

  float px(float v) const { return std::round(v * s); }
  ImFont* body() const { return in.fonts.body; }
  float body_size() const { return in.fonts.body->FontSize; }

  float text_width(float size, std::string_view text) const {
    return body()->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
  }

  void text(float size, ImVec2 pos, ImU32 color, std::string_view text_view) const {
    draw.AddText(body(), size, ImVec2(std::round(pos.x), std::round(pos.y)), color, text_view.data(),
                 text_view.data() + text_view.size());
  }

  // `text` cut to `max_width` with an ellipsis; empty if not even one letter and the ellipsis fit.
  std::string fitted(float size, std::string_view full, float max_width) const {
    if (max_width <= 0) return {};
    if (text_width(size, full) <= max_width) return std::string(full);
    constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
    const float room = max_width - text_width(size, kEllipsis);
    if (room <= 0) return {};
    std::size_t lo = 0, hi = full.size();
    while (lo < hi) {  // the longest prefix that fits
      const std::size_t mid = (lo + hi + 1) / 2;
      if (text_width(size, full.substr(0, mid)) <= room) lo = mid;
      else hi = mid - 1;
    }
    while (lo > 0 && (static_cast<unsigned char>(full[lo]) & 0xC0) == 0x80) --lo;  // not inside a UTF-8 letter
    if (lo == 0) return {};
    return std::string(full.substr(0, lo)) + std::string(kEllipsis);
  }

  ImU32 dim_unless(ImU32 color, TaskId task) const {
    return in.view.selected_task != 0 && task != in.view.selected_task ? with_alpha(color, kDimmed) : color;
  }

  // Striped when there is room for the pattern to read as stripes; solid (in the stripe colour) when narrow.
  void stripes(ImVec2 min, ImVec2 max, ImU32 fill, ImU32 stripe) const {
    if (max.x - min.x < px(10.0f)) {
      draw.AddRectFilled(min, max, stripe);
      return;
    }
    draw.AddRectFilled(min, max, fill);
    draw.PushClipRect(min, max, true);
    const float step = px(7.0f);
    const float height = max.y - min.y;
    for (float x = min.x - height; x < max.x; x += step) {
      draw.AddLine(ImVec2(x, max.y), ImVec2(x + height, min.y), stripe, std::max(1.0f, px(2.0f)));
    }
    draw.PopClipRect();
  }
};

std::string percent(double value) {
  if (value > 0 && value < 1) return "<1%";
  if (value > 99 && value < 100) return ">99%";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", value);
  return buffer;
}

// ---------------------------------------------------------------------------------------------
// Ruler

void paint_ruler(const Painter& p) {
  const TimelineLayout& layout = p.in.layout;
  const PanelRect& r = layout.ruler;
  p.draw.AddRectFilled(r.min, r.max, palette::kRaised, p.px(4.0f));
  const float small = p.body_size() * kSmallText;
  p.draw.PushClipRect(r.min, r.max, true);
  for (const RulerTick& tick : p.in.ruler.minor) {
    const float x = std::round(r.min.x + tick.x);
    p.draw.AddLine(ImVec2(x, r.max.y - p.px(5.0f)), ImVec2(x, r.max.y), palette::kBorder, p.s);
  }
  const float label_y = r.min.y + (r.height() - p.body_size()) * 0.5f - p.px(2.0f);
  float previous_end = -FLT_MAX;
  for (const RulerTick& tick : p.in.ruler.major) {
    const float x = std::round(r.min.x + tick.x);
    p.draw.AddLine(ImVec2(x, r.max.y - p.px(10.0f)), ImVec2(x, r.max.y), palette::kTextMuted, p.s);
    // Right of the tick, or left of it where the ruler ends (unless that would overlap the previous label).
    const float w = p.text_width(p.body_size(), tick.label);
    float label_x = x + p.px(5.0f);
    if (label_x + w > r.max.x) label_x = x - p.px(5.0f) - w;
    if (label_x < previous_end + p.px(8.0f)) continue;
    p.text(p.body_size(), ImVec2(label_x, label_y), palette::kTextMuted, tick.label);
    previous_end = label_x + w;
  }
  p.draw.PopClipRect();
  // The corner left of the ruler names the axis, or the base the offsets count from.
  const ImVec2 corner_min(layout.gutter.min.x, r.min.y);
  const std::string corner = p.in.ruler.base_label.empty() ? std::string("time") : p.in.ruler.base_label;
  const std::string shown = p.fitted(small, corner, layout.gutter.width() - p.px(14.0f));
  p.text(small, ImVec2(corner_min.x + p.px(8.0f), r.min.y + (r.height() - small) * 0.5f), palette::kTextMuted, shown);

  if (p.in.mouse_x >= r.min.x && p.in.mouse_x < r.max.x) {  // the time under the pointer
    const double ns = p.in.items.window.ns_at(p.in.mouse_x - r.min.x);
    const std::string label = format_time_at(ns, p.in.items.window.ns_per_px());
    const float w = p.text_width(small, label) + p.px(10.0f);
    const float x = std::clamp(p.in.mouse_x - w * 0.5f, r.min.x, r.max.x - w);
    p.draw.AddRectFilled(ImVec2(x, r.min.y + p.px(2.0f)), ImVec2(x + w, r.max.y - p.px(2.0f)), palette::kAccent, p.px(3.0f));
    p.text(small, ImVec2(x + p.px(5.0f), r.min.y + (r.height() - small) * 0.5f), IM_COL32(10, 14, 20, 255), label);
  }
}

// ---------------------------------------------------------------------------------------------
// Lane backgrounds and section headers

void paint_section_header(const Painter& p, float top, std::string_view title) {
  const TimelineLayout& layout = p.in.layout;
  const float h = layout.section_height;
  // Lanes shrunk to fit (a large UI scale on a small window): the title shrinks with its row rather
  // than spilling over the lane above.
  const float small = std::min(p.body_size() * kSmallText, h - p.px(2.0f));
  if (h <= 0 || top + h < layout.plot.min.y || top > layout.plot.max.y) return;  // h 0: a layout without headers
  p.text(small, ImVec2(layout.gutter.min.x + p.px(8.0f), top + (h - small) * 0.5f), palette::kTextMuted, title);
  p.draw.AddLine(ImVec2(layout.plot.min.x, std::round(top + h - 1)), ImVec2(layout.plot.max.x, std::round(top + h - 1)),
                 palette::kBorder, 1.0f);
}

void paint_backgrounds(const Painter& p) {
  const TimelineLayout& layout = p.in.layout;
  const TimelineModel& model = p.in.model;
  const float left = layout.gutter.min.x, right = layout.plot.max.x;
  for (std::uint32_t lane = 0; lane < layout.thread_count; ++lane) {
    const float top = layout.thread_row_top(lane);
    if (lane % 2 == 1) p.draw.AddRectFilled(ImVec2(left, top), ImVec2(right, top + layout.thread_lane_height), palette::kLaneStripe);
  }
  const std::uint32_t first = layout.first_visible_task();
  const std::uint32_t end = first + layout.visible_task_count();
  for (std::uint32_t lane = first; lane < end; ++lane) {
    const float top = layout.task_row_top(lane);
    const bool selected = model.tasks[lane].task == p.in.view.selected_task;
    if (selected) p.draw.AddRectFilled(ImVec2(left, top), ImVec2(right, top + layout.task_lane_height), with_alpha(palette::kAccent, 0.22f));
    else if (lane % 2 == 1) p.draw.AddRectFilled(ImVec2(left, top), ImVec2(right, top + layout.task_lane_height), palette::kLaneStripe);
  }
  paint_section_header(p, layout.threads_header_top(), "THREADS");
  if (layout.task_count > 0) {
    const std::string title = "TASKS \xC2\xB7 " + grouped(layout.task_count) + " \xC2\xB7 state over time";
    paint_section_header(p, layout.tasks_header_top(), title);
  }
}

void paint_grid(const Painter& p) {
  const PanelRect& plot = p.in.layout.plot;
  for (const RulerTick& tick : p.in.ruler.major) {
    const float x = std::round(plot.min.x + tick.x);
    p.draw.AddLine(ImVec2(x, plot.min.y), ImVec2(x, plot.max.y), palette::kGrid, 1.0f);
  }
}

// ---------------------------------------------------------------------------------------------
// Thread lanes: polls, blocking sections, markers

void span_label(const Painter& p, ImVec2 min, ImVec2 max, std::string_view label, ImU32 color) {
  const float size = p.body_size() * kSpanText;
  const float pad = p.px(5.0f);
  if (max.y - min.y < size || max.x - min.x < 2 * pad + size) return;
  const float left = std::max(min.x, p.in.layout.plot.min.x);  // keep the label in view when the span starts off-screen
  const float right = std::min(max.x, p.in.layout.plot.max.x);
  const std::string shown = p.fitted(size, label, right - left - 2 * pad);
  if (shown.empty()) return;
  p.text(size, ImVec2(left + pad, min.y + (max.y - min.y - size) * 0.5f), color, shown);
}

void paint_folded(const Painter& p, ImVec2 min, ImVec2 max, const DrawItem& item, std::string_view what) {
  p.draw.AddRectFilled(min, max, with_alpha(timeline_palette::kFolded, p.in.view.selected_task != 0 ? 0.55f : 1.0f));
  // A few darker notches say "more than one thing here" without the noise of every span.
  const float notch = p.px(6.0f);
  for (float x = min.x + notch; x < max.x - 1; x += notch)
    p.draw.AddLine(ImVec2(std::round(x), max.y - p.px(4.0f)), ImVec2(std::round(x), max.y), IM_COL32(70, 78, 94, 255), 1.0f);
  span_label(p, min, ImVec2(max.x, max.y - p.px(3.0f)), grouped(item.count) + " " + std::string(what), IM_COL32(16, 18, 22, 255));
}

void paint_poll(const Painter& p, ImVec2 min, ImVec2 max, const DrawItem& item) {
  const ImU32 fill = task_color(item.task);
  p.draw.AddRectFilled(min, max, p.dim_unless(fill, item.task), p.px(2.0f));
  if (item.task == p.in.view.selected_task && item.task != 0) {
    p.draw.AddRect(ImVec2(min.x - 1, min.y - 1), ImVec2(max.x + 1, max.y + 1), timeline_palette::kSelection, p.px(2.0f), 0,
                   std::max(1.0f, p.px(1.5f)));
  }
  if (p.in.view.selected_task == 0 || item.task == p.in.view.selected_task) {
    span_label(p, min, max, p.in.model.task_name(item.task), text_color_on(fill));
  }
}

void paint_blocking(const Painter& p, ImVec2 min, ImVec2 max, const DrawItem& item, const ThreadLane& lane) {
  const bool dim = p.in.view.selected_task != 0 && item.task != p.in.view.selected_task;
  const float alpha = dim ? 0.45f : 1.0f;
  p.stripes(min, max, with_alpha(timeline_palette::kBlockingFill, alpha), with_alpha(timeline_palette::kBlockingStripe, alpha));
  p.draw.AddRect(min, max, with_alpha(timeline_palette::kBlockingStripe, alpha), 0.0f, 0, std::max(1.0f, p.s));
  if (dim) return;
  // A dark plate under the text keeps it legible on the stripes. Narrow: just the duration.
  const Span& span = lane.blocking[item.first];
  const std::string duration = format_duration(static_cast<double>(span.end_ns - span.start_ns));
  const std::string label = std::string(to_string(static_cast<BlockingKind>(span.detail))) + " " + duration;
  const float size = p.body_size() * kSpanText;
  const float pad = p.px(4.0f);
  const float left = std::max(min.x, p.in.layout.plot.min.x) + pad;
  const float right = std::min(max.x, p.in.layout.plot.max.x) - pad;
  const float room = right - left - 2 * pad;
  if (max.y - min.y < size) return;
  std::string shown = p.text_width(size, label) <= room ? label : p.text_width(size, duration) <= room ? duration : std::string();
  if (shown.empty()) return;
  const float w = p.text_width(size, shown);
  const float y = min.y + (max.y - min.y - size) * 0.5f;
  p.draw.AddRectFilled(ImVec2(left, y - p.px(1.0f)), ImVec2(left + w + 2 * pad, y + size + p.px(1.0f)), IM_COL32(28, 12, 8, 235),
                       p.px(3.0f));
  p.text(size, ImVec2(left + pad, y), IM_COL32(255, 236, 226, 255), shown);
}

void paint_marker(const Painter& p, float x, float y, const MarkerItem& item) {
  const ImU32 color = marker_color(item.kind);
  const float r = p.px(item.kind == MarkerKind::TimerFired ? 6.0f : 4.0f);
  const ImVec2 c(std::round(x), std::round(y));
  const ImU32 outline = IM_COL32(12, 14, 18, 255);
  switch (item.kind) {
    case MarkerKind::ChannelSend:
      p.draw.AddTriangleFilled(ImVec2(c.x - r - 1, c.y + r), ImVec2(c.x + r + 1, c.y + r), ImVec2(c.x, c.y - r - 1), outline);
      p.draw.AddTriangleFilled(ImVec2(c.x - r, c.y + r - 1), ImVec2(c.x + r, c.y + r - 1), ImVec2(c.x, c.y - r), color);
      break;
    case MarkerKind::ChannelRecv:
      p.draw.AddTriangleFilled(ImVec2(c.x - r - 1, c.y - r), ImVec2(c.x + r + 1, c.y - r), ImVec2(c.x, c.y + r + 1), outline);
      p.draw.AddTriangleFilled(ImVec2(c.x - r, c.y - r + 1), ImVec2(c.x + r, c.y - r + 1), ImVec2(c.x, c.y + r), color);
      break;
    case MarkerKind::TimerSet:
      p.draw.AddCircleFilled(c, r + 1, outline, 12);
      p.draw.AddCircle(c, r - 0.5f, color, 12, std::max(1.5f, p.px(2.0f)));
      break;
    case MarkerKind::TimerFired:
      p.draw.AddQuadFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y), color);
      break;
    case MarkerKind::Print:
      p.draw.AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), outline, 1.0f);
      p.draw.AddRectFilled(ImVec2(c.x - r + 1.5f, c.y - r + 1.5f), ImVec2(c.x + r - 1.5f, c.y + r - 1.5f), color, 1.0f);
      break;
    case MarkerKind::Steal:
      p.draw.AddTriangleFilled(ImVec2(c.x - r, c.y - r - 1), ImVec2(c.x - r, c.y + r + 1), ImVec2(c.x + r + 1, c.y), outline);
      p.draw.AddTriangleFilled(ImVec2(c.x - r + 1, c.y - r), ImVec2(c.x - r + 1, c.y + r), ImVec2(c.x + r, c.y), color);
      break;
  }
}

void paint_thread_row(const Painter& p, const RowItems& row) {
  const TimelineLayout& layout = p.in.layout;
  const ThreadLane& lane = p.in.model.threads[row.lane];
  const float top = layout.thread_row_top(row.lane);
  const float h = layout.thread_lane_height;
  if (top > layout.plot.max.y || top + h < layout.plot.min.y) return;
  const float x0 = layout.plot.min.x;
  const float pad = p.px(5.0f);
  const float span_top = top + pad, span_bottom = top + h - pad;
  for (const DrawItem& item : row.spans) {
    const ImVec2 min(std::round(x0 + item.x0), span_top);
    // A 5 µs poll on a 2 s axis is still worth seeing: at least a few pixels wide.
    const ImVec2 max(std::max(min.x + p.px(3.0f), std::round(x0 + item.x1)), span_bottom);
    if (item.folded) paint_folded(p, min, max, item, "polls");
    else paint_poll(p, min, max, item);
  }
  // Blocking sections inside a poll leave the poll's colour showing above them: whose poll blocked.
  const bool on_worker = lane.kind == ThreadKind::Worker;
  const float blocking_top = on_worker ? span_top + std::round((span_bottom - span_top) * 0.28f) : span_top;
  for (const DrawItem& item : row.overlays) {
    const ImVec2 min(std::round(x0 + item.x0), blocking_top);
    const ImVec2 max(std::max(min.x + 2.0f, std::round(x0 + item.x1)), span_bottom);
    if (item.folded) {
      p.stripes(min, max, timeline_palette::kBlockingFill, timeline_palette::kBlockingStripe);
    } else {
      paint_blocking(p, min, max, item, lane);
    }
  }
  const float marker_y = lane.kind == ThreadKind::TimerDriver ? top + h * 0.5f : span_bottom - p.px(3.0f);
  for (const MarkerItem& item : row.markers) paint_marker(p, x0 + item.x, marker_y, item);
}

// ---------------------------------------------------------------------------------------------
// Task lanes: states over time, and how the task ended

float state_height(SpanKind kind) {
  switch (kind) {
    case SpanKind::Running:
    case SpanKind::Blocked: return 1.0f;
    case SpanKind::Ready: return 0.55f;
    default: return 0.30f;
  }
}

void paint_end_glyph(const Painter& p, float x, float mid, TaskOutcome outcome) {
  const float r = p.px(5.0f);
  const float w = std::max(1.5f, p.px(2.0f));
  if (outcome == TaskOutcome::Completed) {
    const ImU32 c = timeline_palette::kDone;
    p.draw.AddLine(ImVec2(x + r * 0.2f, mid), ImVec2(x + r * 0.9f, mid + r * 0.7f), c, w);
    p.draw.AddLine(ImVec2(x + r * 0.9f, mid + r * 0.7f), ImVec2(x + r * 2.2f, mid - r), c, w);
  } else if (outcome == TaskOutcome::Cancelled || outcome == TaskOutcome::Failed) {
    const ImU32 c = outcome == TaskOutcome::Failed ? timeline_palette::kFailed : timeline_palette::kCancelled;
    p.draw.AddLine(ImVec2(x + r * 0.3f, mid - r), ImVec2(x + r * 2.1f, mid + r), c, w);
    p.draw.AddLine(ImVec2(x + r * 0.3f, mid + r), ImVec2(x + r * 2.1f, mid - r), c, w);
  }
}

void paint_task_row(const Painter& p, const RowItems& row) {
  const TimelineLayout& layout = p.in.layout;
  const TaskLane& lane = p.in.model.tasks[row.lane];
  const float top = layout.task_row_top(row.lane);
  const float h = layout.task_lane_height;
  if (top > layout.plot.max.y || top + h < layout.plot.min.y) return;
  const float x0 = layout.plot.min.x;
  const float pad = p.px(3.0f);
  const float full = h - 2 * pad;
  const float mid = top + h * 0.5f;
  const bool dim = p.in.view.selected_task != 0 && lane.task != p.in.view.selected_task;
  for (const DrawItem& item : row.spans) {
    const float bar = item.folded ? full * 0.55f : std::max(p.px(3.0f), std::round(full * state_height(item.kind)));
    const ImVec2 min(std::round(x0 + item.x0), std::round(mid - bar * 0.5f));
    const ImVec2 max(std::max(min.x + 1.0f, std::round(x0 + item.x1)), min.y + bar);
    if (item.folded) {
      p.draw.AddRectFilled(min, max, with_alpha(timeline_palette::kFolded, dim ? kDimmed : 1.0f));
    } else if (item.kind == SpanKind::Running) {
      p.draw.AddRectFilled(min, max, with_alpha(task_color(lane.task), dim ? kDimmed : 1.0f), p.px(2.0f));
    } else if (item.kind == SpanKind::Blocked) {
      const float a = dim ? kDimmed : 1.0f;
      p.stripes(min, max, with_alpha(timeline_palette::kBlockingFill, a), with_alpha(timeline_palette::kBlockingStripe, a));
    } else {
      p.draw.AddRectFilled(min, max, with_alpha(state_color(item.kind), dim ? kDimmed : 0.9f), p.px(2.0f));
    }
  }
  // How it ended, just after its last state.
  if (const TaskStats* stats = p.in.model.task(lane.task); stats != nullptr && stats->end_ns) {
    const TimeWindow& w = p.in.items.window;
    const double end = static_cast<double>(*stats->end_ns);
    // Kept inside the plot: at a large UI scale the glyph is wider than the fit's margin after the run.
    const float x = std::min(x0 + w.x_of(end) + p.px(2.0f), layout.plot.max.x - p.px(12.0f));
    if (end >= w.start_ns && end <= w.end_ns) paint_end_glyph(p, x, mid, stats->outcome);
  }
}

// ---------------------------------------------------------------------------------------------
// Wake arrows

void paint_arrows(const Painter& p) {
  const TimelineLayout& layout = p.in.layout;
  const float x0 = layout.plot.min.x;
  const float pad = p.px(5.0f);
  const float thickness = std::max(1.0f, p.px(1.6f));
  for (const ArrowItem& item : p.in.items.arrows) {
    const Arrow& arrow = p.in.model.arrows[item.arrow];
    const bool dim = p.in.view.selected_task != 0 && arrow.task != p.in.view.selected_task &&
                     arrow.waker != p.in.view.selected_task;
    const ImU32 color = with_alpha(wake_color(arrow.cause), dim ? 0.18f : (arrow.cause == WakeCause::Spawn ? 0.75f : 0.95f));
    const float from_top = layout.thread_row_top(item.from_lane);
    const float to_top = layout.thread_row_top(item.to_lane);
    const float lane_h = layout.thread_lane_height;
    const ImVec2 a(x0 + item.x0, from_top + lane_h * 0.5f);
    ImVec2 b(x0 + item.x1, to_top + pad);  // the top of the poll it caused
    ImVec2 c1, c2;
    if (item.to_lane > item.from_lane) {  // downwards: arrive on the target's top edge
      const float dy = (b.y - a.y) * 0.5f;
      c1 = ImVec2(a.x, a.y + dy);
      c2 = ImVec2(b.x, b.y - dy);
    } else if (item.to_lane < item.from_lane) {  // upwards: arrive on the target's bottom edge
      b.y = to_top + lane_h - pad;
      const float dy = (a.y - b.y) * 0.5f;
      c1 = ImVec2(a.x, a.y - dy);
      c2 = ImVec2(b.x, b.y + dy);
    } else {  // same lane: a hop above it
      const float lift = p.px(14.0f);
      c1 = ImVec2(a.x, from_top - lift * 0.5f);
      c2 = ImVec2(b.x, to_top - lift);
    }
    p.draw.AddBezierCubic(a, c1, c2, b, color, thickness, 0);
    p.draw.AddCircleFilled(a, p.px(2.5f), color, 8);
    // Arrowhead along the curve's last direction.
    ImVec2 dir(b.x - c2.x, b.y - c2.y);
    const float len = std::sqrt(dir.x * dir.x + dir.y * dir.y);
    if (len < 0.01f) continue;
    dir = ImVec2(dir.x / len, dir.y / len);
    const float head = p.px(7.0f);
    const ImVec2 back(b.x - dir.x * head, b.y - dir.y * head);
    const ImVec2 side(-dir.y * head * 0.5f, dir.x * head * 0.5f);
    p.draw.AddTriangleFilled(b, ImVec2(back.x + side.x, back.y + side.y), ImVec2(back.x - side.x, back.y - side.y), color);
  }
  if (p.in.items.arrows_hidden > 0) {
    // Right-aligned in the header row, left of the playhead when it stands there (it does after
    // every run, at the run's end); the shorter wording where the whole one would not fit.
    const float small = p.body_size() * kSmallText;
    const float gap = p.px(12.0f);
    float right = layout.plot.max.x - gap;
    if (p.in.view.playhead_ns >= 0) {
      const float playhead = std::round(layout.plot.min.x + layout.window(p.in.view).x_of(p.in.view.playhead_ns));
      if (playhead > layout.plot.max.x - layout.plot.width() * 0.5f) right = std::min(right, playhead - gap);
    }
    for (const bool whole : {true, false}) {
      const std::string note = hidden_arrows_note(p.in.items.arrows_hidden, whole);
      const float w = p.text_width(small, note);
      if (right - w < layout.plot.min.x + gap && whole) continue;
      const ImVec2 pos(std::max(layout.plot.min.x + gap, right - w), layout.threads_header_top() + (layout.section_height - small) * 0.5f);
      p.text(small, pos, palette::kTextMuted, note);
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Lane labels on the left

void paint_share_bar(const Painter& p, ImVec2 min, ImVec2 max, const ThreadStats& stats) {
  p.draw.AddRectFilled(min, max, IM_COL32(52, 58, 70, 255), p.px(2.0f));
  const float w = max.x - min.x;
  float x = min.x;
  const auto part = [&](double pct, ImU32 color) {
    const float width = static_cast<float>(std::clamp(pct, 0.0, 100.0) / 100.0) * w;
    if (width <= 0) return;
    p.draw.AddRectFilled(ImVec2(x, min.y), ImVec2(std::min(max.x, x + std::max(1.0f, width)), max.y), color, p.px(1.0f));
    x += width;
  };
  part(stats.busy_pct, state_color(SpanKind::Running));
  part(stats.blocked_pct, timeline_palette::kBlockingStripe);
}

std::string thread_summary(const ThreadLane& lane, std::size_t timers_fired) {
  const ThreadStats& s = lane.stats;
  switch (lane.kind) {
    case ThreadKind::TimerDriver: return grouped(timers_fired) + " timers fired";
    case ThreadKind::Blocking: return "blocked " + percent(s.blocked_pct);
    default: break;
  }
  std::string text = "busy ";
  text += percent(s.busy_pct);
  if (s.blocked_pct > 0) text.append("  blocked ").append(percent(s.blocked_pct));
  else text.append("  idle ").append(percent(s.idle_pct + s.parked_pct));
  return text;
}

void paint_labels(const Painter& p) {
  const TimelineLayout& layout = p.in.layout;
  const TimelineModel& model = p.in.model;
  const float left = layout.gutter.min.x + p.px(8.0f);
  const float width = layout.gutter.width() - p.px(16.0f);
  const float small = p.body_size() * kSmallText;
  const bool hovering_label = p.in.hover.kind == HoverKind::LaneLabel;
  for (std::uint32_t i = 0; i < layout.thread_count; ++i) {
    const ThreadLane& lane = model.threads[i];
    const float top = layout.thread_row_top(i);
    if (top > layout.plot.max.y || top + layout.thread_lane_height < layout.plot.min.y) continue;
    const bool hot = hovering_label && p.in.hover.row == RowKind::Thread && p.in.hover.lane == i;
    const float name_y = top + p.px(4.0f);
    p.text(p.body_size(), ImVec2(left, name_y), hot ? palette::kAccent : palette::kText, p.fitted(p.body_size(), lane.name, width));
    std::size_t fired = 0;
    if (lane.kind == ThreadKind::TimerDriver)
      fired = static_cast<std::size_t>(std::count_if(lane.markers.begin(), lane.markers.end(),
                                                     [](const Marker& m) { return m.kind == MarkerKind::TimerFired; }));
    const float sub_y = name_y + p.body_size();
    if (sub_y + small > top + layout.thread_lane_height) continue;  // a compact lane (Compare) has room for the name only
    if (p.in.view.reveal && p.in.view.playhead_ns >= 0) continue;  // whole-run shares and counts would tell the future
    p.text(small, ImVec2(left, sub_y), palette::kTextMuted, p.fitted(small, thread_summary(lane, fired), width));
    // Under the text, the same shares as a bar: busy, blocked, the rest idle or parked; only where it
    // fits (a lane shrunk to fit its neighbours shows the words alone).
    const float bar_y = sub_y + small + p.px(2.0f);
    if ((lane.kind == ThreadKind::Worker || lane.kind == ThreadKind::Blocking) &&
        bar_y + p.px(3.0f) <= top + layout.thread_lane_height - p.px(2.0f)) {
      paint_share_bar(p, ImVec2(left, bar_y), ImVec2(left + width, bar_y + p.px(3.0f)), lane.stats);
    }
  }
  const std::uint32_t first = layout.first_visible_task();
  const std::uint32_t end = first + layout.visible_task_count();
  const float size = p.body_size() * kSpanText;
  for (std::uint32_t i = first; i < end; ++i) {
    const TaskLane& lane = model.tasks[i];
    const float top = layout.task_row_top(i);
    const float h = layout.task_lane_height;
    const bool selected = lane.task == p.in.view.selected_task;
    const bool hot = hovering_label && p.in.hover.row == RowKind::Task && p.in.hover.lane == i;
    const float sw = p.px(9.0f);
    const ImVec2 swatch_min(left, std::round(top + (h - sw) * 0.5f));
    p.draw.AddRectFilled(swatch_min, ImVec2(swatch_min.x + sw, swatch_min.y + sw), task_color(lane.task), p.px(2.0f));
    const std::string_view name = model.task_name(lane.task);
    const std::string label = name.empty() ? "task " + std::to_string(lane.task) : std::string(name);
    const float text_x = left + sw + p.px(7.0f);
    const ImU32 color = selected || hot ? palette::kAccent : palette::kText;
    p.text(size, ImVec2(text_x, top + (h - size) * 0.5f), color, p.fitted(size, label, left + width - text_x));
  }
}

void paint_scrollbar(const Painter& p) {
  const TimelineLayout& layout = p.in.layout;
  if (layout.max_scroll() <= 0) return;
  const PanelRect& plot = layout.plot;
  const float track = plot.height();
  const float thumb = std::max(p.px(24.0f), track * track / layout.content_height);
  const float y = plot.min.y + (track - thumb) * (layout.scroll_y / layout.max_scroll());
  const float w = p.px(6.0f);
  p.draw.AddRectFilled(ImVec2(plot.max.x - w - p.px(2.0f), y), ImVec2(plot.max.x - p.px(2.0f), y + thumb),
                       IM_COL32(97, 107, 126, 200), w * 0.5f);
}

void paint_zoom_selection(const Painter& p) {
  if (!p.in.view.selecting) return;
  const TimelineLayout& layout = p.in.layout;
  const TimeWindow& w = p.in.items.window;
  const float a = layout.plot.min.x + std::clamp(w.x_of(p.in.view.selection_from_ns), 0.0f, w.width_px);
  const float b = layout.plot.min.x + std::clamp(w.x_of(p.in.view.selection_to_ns), 0.0f, w.width_px);
  const ImVec2 min(std::min(a, b), layout.plot.min.y), max(std::max(a, b), layout.plot.max.y);
  p.draw.AddRectFilled(min, max, timeline_palette::kZoomSelection);
  p.draw.AddLine(ImVec2(min.x, min.y), ImVec2(min.x, max.y), palette::kAccent, p.s);
  p.draw.AddLine(ImVec2(max.x, min.y), ImVec2(max.x, max.y), palette::kAccent, p.s);
  const std::string label = format_duration(std::fabs(p.in.view.selection_to_ns - p.in.view.selection_from_ns));
  const float tw = p.text_width(p.body_size(), label);
  const float x = (min.x + max.x - tw) * 0.5f;
  p.draw.AddRectFilled(ImVec2(x - p.px(6.0f), min.y + p.px(6.0f)), ImVec2(x + tw + p.px(6.0f), min.y + p.px(10.0f) + p.body_size()),
                       palette::kAccent, p.px(3.0f));
  p.text(p.body_size(), ImVec2(x, min.y + p.px(8.0f)), IM_COL32(10, 14, 20, 255), label);
}

void paint_hover_outline(const Painter& p) {
  const HoverTarget& hover = p.in.hover;
  if (hover.kind != HoverKind::Span && hover.kind != HoverKind::Overlay) return;
  const TimelineLayout& layout = p.in.layout;
  const float top = layout.row_top(hover.row, hover.lane);
  const float h = layout.row_height(hover.row);
  const float x0 = layout.plot.min.x;
  const ImVec2 min(std::round(x0 + hover.item.x0) - 1, top + p.px(2.0f));
  const ImVec2 max(std::max(min.x + 3.0f, std::round(x0 + hover.item.x1) + 1), top + h - p.px(2.0f));
  p.draw.AddRect(min, max, IM_COL32(255, 255, 255, 170), p.px(2.0f), 0, 1.0f);
}

}  // namespace

void paint_timeline(ImDrawList& draw, const PaintInput& in) {
  const Painter p{draw, in, in.layout.scale};
  const TimelineLayout& layout = in.layout;
  if (layout.ruler.height() > 0) paint_ruler(p);  // the Compare view's runs share one ruler above them

  const ImVec2 lanes_min(layout.gutter.min.x, layout.plot.min.y);
  draw.PushClipRect(lanes_min, layout.plot.max, true);
  paint_backgrounds(p);
  draw.PopClipRect();

  draw.PushClipRect(layout.plot.min, layout.plot.max, true);
  paint_grid(p);
  for (const RowItems& row : in.items.rows) {
    if (row.kind == RowKind::Thread) paint_thread_row(p, row);
    else paint_task_row(p, row);
  }
  paint_hover_outline(p);
  paint_arrows(p);
  if (in.mouse_x >= layout.plot.min.x && in.mouse_x < layout.plot.max.x) {
    draw.AddLine(ImVec2(std::round(in.mouse_x), layout.plot.min.y), ImVec2(std::round(in.mouse_x), layout.plot.max.y),
                 with_alpha(palette::kAccent, 0.45f), 1.0f);
  }
  paint_zoom_selection(p);
  paint_scrollbar(p);
  draw.PopClipRect();

  draw.PushClipRect(layout.gutter.min, layout.gutter.max, true);
  paint_labels(p);
  draw.PopClipRect();
  draw.AddLine(ImVec2(layout.gutter.max.x - 1, layout.gutter.min.y), ImVec2(layout.gutter.max.x - 1, layout.gutter.max.y),
               palette::kBorder, 1.0f);
}

std::string hidden_arrows_note(std::size_t hidden, bool whole) {
  return grouped(hidden) + (whole ? " wake arrows in view: zoom in to see them" : " wake arrows hidden: zoom in");
}

}  // namespace wakeline::app
