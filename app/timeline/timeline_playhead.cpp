#include "timeline/timeline_playhead.hpp"

#include <algorithm>
#include <cmath>

namespace wakeline::app {
namespace {

constexpr ImU32 kCover = palette::kPanel;  // opaque: nothing of what comes next may show through
constexpr ImU32 kLineMark = IM_COL32(240, 196, 84, 255);

}  // namespace

void paint_playhead(ImDrawList& draw, const TimelineLayout& layout, const TimelineView& view, const ThemeFonts& fonts) {
  const TimeWindow window = layout.window(view);
  const float s = layout.scale;
  const float left = layout.plot.min.x, right = layout.plot.max.x;
  draw.PushClipRect(ImVec2(left, layout.ruler.min.y), ImVec2(right, layout.plot.max.y), true);

  // The code line's events: short ticks under the ruler's labels, one per distinct pixel.
  float last_x = -1e9f;
  for (std::uint64_t time : view.marked_times) {
    const float x = left + window.x_of(static_cast<double>(time));
    if (x < left - 4 || x > right + 4 || x - last_x < 2.0f) continue;
    last_x = x;
    draw.AddTriangleFilled(ImVec2(x, layout.ruler.max.y - 7 * s), ImVec2(x - 4 * s, layout.ruler.max.y),
                           ImVec2(x + 4 * s, layout.ruler.max.y), kLineMark);
  }

  if (view.playhead_ns >= 0) {
    const float x = std::round(left + window.x_of(view.playhead_ns));
    if (view.reveal && x < right) {
      const float from = std::max(x + 1.0f, left);
      // The ruler too: its labels past the playhead would tell how long the run goes on.
      draw.AddRectFilled(ImVec2(from, layout.ruler.min.y), ImVec2(right, layout.ruler.max.y), palette::kRaised);
      draw.AddRectFilled(ImVec2(from, layout.plot.min.y), ImVec2(right, layout.plot.max.y), kCover);
      const char* hint = "what happens next?";
      ImGui::PushFont(fonts.heading);
      const ImVec2 size = ImGui::CalcTextSize(hint);
      ImGui::PopFont();
      if (right - from > size.x + 24 * s) {
        draw.AddText(fonts.heading, fonts.heading->FontSize,
                     ImVec2((from + right - size.x) * 0.5f, (layout.plot.min.y + layout.plot.max.y - size.y) * 0.5f),
                     palette::kTextMuted, hint);
      }
    }
    if (x >= left - 1 && x <= right + 1) {
      draw.AddLine(ImVec2(x, layout.ruler.min.y), ImVec2(x, layout.plot.max.y), palette::kAccent, std::max(2.0f, 2.0f * s));
      // A handle on the ruler, to show the cursor can be dragged there.
      const float w = 6 * s, top = layout.ruler.min.y;
      draw.AddTriangleFilled(ImVec2(x - w, top), ImVec2(x + w, top), ImVec2(x, top + 1.6f * w), palette::kAccent);
    }
  }
  draw.PopClipRect();
}

std::int64_t event_under(const TimelineModel& model, const HoverTarget& hover) {
  if (hover.kind == HoverKind::Marker && hover.row == RowKind::Thread && hover.lane < model.threads.size()) {
    const auto& markers = model.threads[hover.lane].markers;
    if (hover.marker.first < markers.size()) return markers[hover.marker.first].event;
    return -1;
  }
  if ((hover.kind != HoverKind::Span && hover.kind != HoverKind::Overlay) || hover.item.folded) return -1;
  const Span* span = nullptr;
  if (hover.row == RowKind::Thread && hover.lane < model.threads.size()) {
    const ThreadLane& lane = model.threads[hover.lane];
    const auto& spans = hover.kind == HoverKind::Overlay ? lane.blocking : lane.polls;
    if (hover.item.first < spans.size()) span = &spans[hover.item.first];
  } else if (hover.row == RowKind::Task && hover.lane < model.tasks.size()) {
    const TaskLane& lane = model.tasks[hover.lane];
    if (hover.item.first < lane.state_count) span = model.states_begin(lane) + hover.item.first;
  }
  if (span == nullptr || span->start_event == kNoEvent) return -1;
  return span->start_event;
}

}  // namespace wakeline::app
