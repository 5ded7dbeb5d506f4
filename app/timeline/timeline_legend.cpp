#include "timeline/timeline_legend.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "timeline/timeline_colors.hpp"

namespace wakeline::app {
namespace {

constexpr float kTextScale = 0.82f;  // of the body font
constexpr float kSwatch = 16.0f;     // at 100%
constexpr float kGap = 6.0f;         // swatch to label
constexpr float kSpacing = 18.0f;    // between entries
constexpr float kRowGap = 4.0f;
constexpr float kPadding = 6.0f;

float label_size(const ThemeFonts& fonts) { return fonts.body->FontSize * kTextScale; }

float entry_width(const LegendEntry& entry, const ThemeFonts& fonts, float scale) {
  const float text = fonts.body->CalcTextSizeA(label_size(fonts), FLT_MAX, 0.0f, entry.label.c_str()).x;
  const float swatch = entry.shape == LegendShape::Arrow ? kSwatch * 1.6f : kSwatch;
  return std::round((swatch + kGap) * scale + text);
}

std::string more_label(std::size_t hidden) {
  char text[32];
  std::snprintf(text, sizeof text, "+%zu more", hidden);
  return text;
}

struct LegendFlow {
  float height = 0;
  std::size_t shown = 0;  // entries [0, shown) are placed; the rest sit behind "+N more" at the end
  ImVec2 more_at;         // where "+N more" goes, when shown < entries.size()
};

// Lays the entries out left to right, wrapping to at most kMaxLegendRows rows so the lanes keep the
// panel's height (a high UI scale on a small window would otherwise give the legend half of it).
// What does not fit is counted in a "+N more" label; calls place(entry, x, y) for each shown entry.
template <typename Place>
LegendFlow flow(const std::vector<LegendEntry>& entries, float width, const ThemeFonts& fonts, float scale, int max_rows,
                Place&& place) {
  LegendFlow out;
  if (entries.empty()) return out;
  const float row_height = std::max(kSwatch * scale, label_size(fonts)) + kRowGap * scale;
  const float pad = kPadding * scale;
  std::vector<ImVec2> at;
  std::vector<float> widths;
  float x = pad, y = pad;
  int row = 1;
  for (const LegendEntry& entry : entries) {
    const float w = entry_width(entry, fonts, scale);
    if (x > pad && x + w > width - pad) {
      if (row == max_rows) break;
      ++row;
      x = pad;
      y += row_height;
    }
    at.emplace_back(x, y);
    widths.push_back(w);
    x += w + kSpacing * scale;
  }
  if (at.size() < entries.size()) {
    // Make room for "+N more" at the end of the last row, giving up entries from its end.
    const auto more_width = [&](std::size_t hidden) {
      return fonts.body->CalcTextSizeA(label_size(fonts), FLT_MAX, 0.0f, more_label(hidden).c_str()).x;
    };
    while (!at.empty() && at.back().x > pad && x + more_width(entries.size() - at.size()) > width - pad) {
      x = at.back().x;
      at.pop_back();
      widths.pop_back();
    }
    out.more_at = ImVec2(x, y);
  }
  for (std::size_t i = 0; i < at.size(); ++i) place(entries[i], at[i].x, at[i].y);
  out.shown = at.size();
  out.height = y + row_height + pad - kRowGap * scale;
  return out;
}

void paint_swatch(ImDrawList& draw, const LegendEntry& entry, ImVec2 min, float size, float scale) {
  const ImVec2 max(min.x + size, min.y + size);
  const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  const float w = std::max(1.5f, 2.0f * scale);
  switch (entry.shape) {
    case LegendShape::TaskColors: {
      const float third = size / 3.0f;
      for (int i = 0; i < 3; ++i)
        draw.AddRectFilled(ImVec2(min.x + third * static_cast<float>(i), min.y), ImVec2(min.x + third * static_cast<float>(i + 1), max.y),
                           task_color(static_cast<TaskId>(i + 1)));
      break;
    }
    case LegendShape::Block: draw.AddRectFilled(min, max, entry.color, 2.0f * scale); break;
    case LegendShape::Stripes: {
      draw.AddRectFilled(min, max, timeline_palette::kBlockingFill);
      draw.PushClipRect(min, max, true);
      for (float x = min.x - size; x < max.x; x += 6.0f * scale)
        draw.AddLine(ImVec2(x, max.y), ImVec2(x + size, min.y), timeline_palette::kBlockingStripe, w);
      draw.PopClipRect();
      break;
    }
    case LegendShape::Bar: {
      const float h = std::max(3.0f * scale, size * entry.bar_height);
      draw.AddRectFilled(ImVec2(min.x, c.y - h * 0.5f), ImVec2(max.x, c.y + h * 0.5f), entry.color, 2.0f * scale);
      break;
    }
    case LegendShape::Arrow: {
      const float length = size * 1.6f;
      const ImVec2 a(min.x, c.y + size * 0.3f), b(min.x + length, c.y - size * 0.1f);
      draw.AddBezierCubic(a, ImVec2(a.x + length * 0.4f, a.y), ImVec2(b.x - length * 0.4f, b.y), b, entry.color, w, 0);
      draw.AddTriangleFilled(b, ImVec2(b.x - 7 * scale, b.y - 4 * scale), ImVec2(b.x - 7 * scale, b.y + 4 * scale), entry.color);
      break;
    }
    case LegendShape::Marker: {
      const float r = 5.0f * scale;
      switch (entry.marker) {
        case MarkerKind::ChannelSend: draw.AddTriangleFilled(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y + r), ImVec2(c.x, c.y - r), entry.color); break;
        case MarkerKind::ChannelRecv: draw.AddTriangleFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y - r), ImVec2(c.x, c.y + r), entry.color); break;
        case MarkerKind::TimerSet: draw.AddCircle(c, r - 1, entry.color, 12, w); break;
        case MarkerKind::TimerFired:
          draw.AddQuadFilled(ImVec2(c.x, c.y - r - 1), ImVec2(c.x + r + 1, c.y), ImVec2(c.x, c.y + r + 1), ImVec2(c.x - r - 1, c.y), entry.color);
          break;
        case MarkerKind::Print: draw.AddRectFilled(ImVec2(c.x - r + 1, c.y - r + 1), ImVec2(c.x + r - 1, c.y + r - 1), entry.color); break;
        case MarkerKind::Steal: draw.AddTriangleFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y), entry.color); break;
      }
      break;
    }
    case LegendShape::Done:
      draw.AddLine(ImVec2(min.x + size * 0.15f, c.y), ImVec2(min.x + size * 0.4f, c.y + size * 0.3f), entry.color, w);
      draw.AddLine(ImVec2(min.x + size * 0.4f, c.y + size * 0.3f), ImVec2(min.x + size * 0.85f, c.y - size * 0.35f), entry.color, w);
      break;
    case LegendShape::Cancelled:
    case LegendShape::Failed:
      draw.AddLine(ImVec2(min.x + size * 0.2f, min.y + size * 0.2f), ImVec2(max.x - size * 0.2f, max.y - size * 0.2f), entry.color, w);
      draw.AddLine(ImVec2(min.x + size * 0.2f, max.y - size * 0.2f), ImVec2(max.x - size * 0.2f, min.y + size * 0.2f), entry.color, w);
      break;
  }
}

}  // namespace

std::vector<LegendEntry> legend_entries(const TimelineModel& model, bool task_lanes, bool arrows) {
  std::vector<LegendEntry> out;
  const auto has_span = [&](SpanKind kind) { return TimelineModel::has(model.span_kinds_present, kind); };
  if (has_span(SpanKind::Poll)) out.push_back({.shape = LegendShape::TaskColors, .label = "poll (colour = task)"});
  if (has_span(SpanKind::Blocking) || has_span(SpanKind::Blocked))
    out.push_back({.shape = LegendShape::Stripes, .label = "blocking the thread"});
  out.push_back({.shape = LegendShape::Block, .color = timeline_palette::kFolded, .label = "many, folded"});
  if (task_lanes) {
    const struct {
      SpanKind kind;
      const char* label;
    } states[] = {{SpanKind::Ready, "ready"},
                  {SpanKind::WaitTimer, "waiting: timer"},
                  {SpanKind::WaitChannel, "waiting: channel"},
                  {SpanKind::WaitJoin, "waiting: task/join"},
                  {SpanKind::WaitLock, "waiting: lock"},
                  {SpanKind::Waiting, "waiting"}};
    for (const auto& state : states) {
      if (!has_span(state.kind)) continue;
      out.push_back({.shape = LegendShape::Bar, .color = state_color(state.kind),
                     .bar_height = state.kind == SpanKind::Ready ? 0.55f : 0.3f, .label = state.label});
    }
    if (TimelineModel::has(model.outcomes_present, TaskOutcome::Completed))
      out.push_back({.shape = LegendShape::Done, .color = timeline_palette::kDone, .label = "done"});
    if (TimelineModel::has(model.outcomes_present, TaskOutcome::Cancelled))
      out.push_back({.shape = LegendShape::Cancelled, .color = timeline_palette::kCancelled, .label = "cancelled"});
    if (TimelineModel::has(model.outcomes_present, TaskOutcome::Failed))
      out.push_back({.shape = LegendShape::Failed, .color = timeline_palette::kFailed, .label = "failed"});
  }
  if (arrows) {
    const struct {
      WakeCause cause;
      const char* label;
    } wakes[] = {{WakeCause::Timer, "woken by timer"},    {WakeCause::Channel, "by channel"},
                 {WakeCause::Task, "by task end"},        {WakeCause::JoinChild, "by join branch"},
                 {WakeCause::Lock, "by lock"},            {WakeCause::Spawn, "spawn"},
                 {WakeCause::Yield, "yield"},             {WakeCause::Blocking, "by blocking job"}};
    bool task_or_join = false;
    for (const auto& wake : wakes) {
      if (!TimelineModel::has(model.wake_causes_present, wake.cause)) continue;
      // Task and join-child wakes share a colour: one entry for both.
      const bool joins = wake.cause == WakeCause::Task || wake.cause == WakeCause::JoinChild;
      if (joins && task_or_join) continue;
      task_or_join = task_or_join || joins;
      out.push_back({.shape = LegendShape::Arrow, .color = wake_color(wake.cause),
                     .label = joins ? "by task/branch end" : wake.label});
    }
  }
  const struct {
    MarkerKind kind;
    const char* label;
  } markers[] = {{MarkerKind::ChannelSend, "send"},        {MarkerKind::ChannelRecv, "receive"},
                 {MarkerKind::TimerSet, "timer set"},      {MarkerKind::TimerFired, "timer fired"},
                 {MarkerKind::Print, "print"},             {MarkerKind::Steal, "steal"}};
  for (const auto& marker : markers) {
    if (!TimelineModel::has(model.marker_kinds_present, marker.kind)) continue;
    out.push_back({.shape = LegendShape::Marker, .color = marker_color(marker.kind), .marker = marker.kind, .label = marker.label});
  }
  return out;
}

float legend_height(const std::vector<LegendEntry>& entries, float width, const ThemeFonts& fonts, float scale,
                    int max_rows) {
  return flow(entries, width, fonts, scale, max_rows, [](const LegendEntry&, float, float) {}).height;
}

float legend_column_width(const std::vector<LegendEntry>& entries, const ThemeFonts& fonts, float scale, float max_width) {
  float widest = 0;
  for (const LegendEntry& entry : entries) widest = std::max(widest, entry_width(entry, fonts, scale));
  return std::min(max_width, widest + 2.0f * kPadding * scale);
}

int legend_rows_within(float height, const ThemeFonts& fonts, float scale) {
  const float row_height = std::max(kSwatch * scale, label_size(fonts)) + kRowGap * scale;
  return std::max(1, static_cast<int>((height - 2.0f * kPadding * scale + kRowGap * scale) / row_height));
}

std::size_t paint_legend(ImDrawList& draw, const PanelRect& rect, const std::vector<LegendEntry>& entries,
                         const ThemeFonts& fonts, float scale, int max_rows) {
  if (entries.empty() || rect.height() <= 0) return entries.size();
  draw.AddRectFilled(rect.min, rect.max, palette::kRaised, 4.0f * scale);
  const float text = label_size(fonts);
  const float swatch = kSwatch * scale;
  const float row = std::max(swatch, text);
  draw.PushClipRect(rect.min, rect.max, true);
  const LegendFlow placed = flow(entries, rect.width(), fonts, scale, max_rows, [&](const LegendEntry& entry, float x, float y) {
    const ImVec2 at(std::round(rect.min.x + x), std::round(rect.min.y + y));
    paint_swatch(draw, entry, ImVec2(at.x, at.y + (row - swatch) * 0.5f), swatch, scale);
    const float swatch_width = entry.shape == LegendShape::Arrow ? swatch * 1.6f : swatch;
    draw.AddText(fonts.body, text, ImVec2(at.x + swatch_width + kGap * scale, std::round(at.y + (row - text) * 0.5f)),
                 palette::kTextMuted, entry.label.c_str());
  });
  if (placed.shown < entries.size()) {
    const ImVec2 at(std::round(rect.min.x + placed.more_at.x), std::round(rect.min.y + placed.more_at.y + (row - text) * 0.5f));
    draw.AddText(fonts.body, text, at, palette::kText, more_label(entries.size() - placed.shown).c_str());
  }
  draw.PopClipRect();
  return placed.shown;
}

}  // namespace wakeline::app
