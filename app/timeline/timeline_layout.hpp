// Where everything in the Timeline panel goes: the toolbar, the ruler, the lane labels on the left,
// the lanes themselves (thread lanes, then task lanes, scrolled as one list) and the legend. Pure
// geometry, shared by the painter, the hit test and the input, so they always agree.
#pragma once

#include <cstdint>
#include <optional>

#include <imgui.h>

#include "timeline/draw_items.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_view.hpp"

namespace wakeline::app {

struct PanelRect {
  ImVec2 min;
  ImVec2 max;
  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
  bool contains(ImVec2 p) const { return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }
};

// At 100%; everything scales with the UI scale.
inline constexpr float kToolbarHeight = 34.0f;
inline constexpr float kRulerHeight = 30.0f;
// A picture (a slide) gives its lanes nearly all of its height: one title line, a thin ruler.
inline constexpr float kPictureTitleHeight = 26.0f;  // the heading font and a pixel either side
inline constexpr float kPictureRulerHeight = 20.0f;  // the labels and no more
inline constexpr float kGutterWidth = 190.0f;
inline constexpr float kThreadLaneHeight = 46.0f;  // grows up to kMaxLaneGrowth times when there is room
inline constexpr float kMaxLaneGrowth = 1.5f;
inline constexpr float kTaskLaneHeight = 26.0f;
inline constexpr float kSectionHeight = 24.0f;
inline constexpr float kTightLaneScale = 1.25f;  // the most lanes grow with the UI scale in a short panel
// What the labels need (at 100%, growing with the text): too many lanes for the plot shrink towards
// these, so that every one fits when it can (joinset-limit's 13 tasks in presentation mode). A
// thread lane this short shows its name only; its statistics stay in the tooltip.
inline constexpr float kMinTaskLaneHeight = 18.0f;
inline constexpr float kMinThreadLaneHeight = 26.0f;
inline constexpr float kMinSectionHeight = 18.0f;

struct RowHit {
  RowKind kind = RowKind::Thread;
  std::uint32_t lane = 0;
};

struct TimelineLayout {
  float scale = 1.0f;
  PanelRect toolbar;
  PanelRect ruler;   // over the plot only; the gutter's top-left corner stays empty
  PanelRect gutter;  // lane labels
  PanelRect plot;    // the lanes' contents: x here is the TimeWindow's x plus plot.min.x
  PanelRect legend;
  float thread_lane_height = kThreadLaneHeight;
  float task_lane_height = kTaskLaneHeight;
  float section_height = kSectionHeight;
  std::uint32_t thread_count = 0;
  std::uint32_t task_count = 0;  // 0 when task lanes are hidden
  float content_height = 0;      // every row and section header
  float min_content_height = 0;  // the same with every row at its smallest: what fits all lanes
  float scroll_y = 0;            // clamped to the content

  float max_scroll() const { return content_height > plot.height() ? content_height - plot.height() : 0.0f; }
  float threads_header_top() const { return plot.min.y - scroll_y; }
  float thread_row_top(std::uint32_t lane) const;
  float tasks_header_top() const;
  float task_row_top(std::uint32_t lane) const;
  float row_top(RowKind kind, std::uint32_t lane) const;
  float row_height(RowKind kind) const { return kind == RowKind::Thread ? thread_lane_height : task_lane_height; }
  // The task lanes at least partly inside the plot: [first, first + count).
  std::uint32_t first_visible_task() const;
  std::uint32_t visible_task_count() const;
  std::optional<RowHit> row_at(float y) const;  // nullopt over a section header or empty space
  TimeWindow window(const TimelineView& view) const;
};

// The scroll that brings task lane `lane` fully into the plot, moving as little as it can
// (unchanged if it is already in view; its top wins if the plot is shorter than the lane).
float scroll_to_show_task(const TimelineLayout& layout, std::uint32_t lane);

// `legend_height` comes from the legend, which wraps to the panel's width: a row under the lanes, or
// with `legend_column_width` > 0 a column right of them (a picture's, so the lanes keep the height).
// Lanes that do not all fit shrink (down to the minimums above) when that makes them fit; in a
// picture (view.still_image) lanes that leave room grow to fill the plot, so a slide has no empty
// band under them.
TimelineLayout layout_timeline(ImVec2 origin, ImVec2 size, const TimelineModel& model, const TimelineView& view,
                               float scale, float legend_height, float legend_column_width = 0.0f);

}  // namespace wakeline::app
