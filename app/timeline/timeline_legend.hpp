// The legend under the lanes: one swatch per thing the timeline can draw, listing only those that
// occur in this run (a lesson without channels shows no channel entries), wrapped to the width.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "panels/theme.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"

namespace wakeline::app {

enum class LegendShape : std::uint8_t { TaskColors, Block, Stripes, Bar, Arrow, Marker, Done, Cancelled, Failed };

struct LegendEntry {
  LegendShape shape = LegendShape::Block;
  ImU32 color = 0;
  float bar_height = 1.0f;  // Bar: share of the swatch's height, as the task lanes draw it
  MarkerKind marker = MarkerKind::Print;
  std::string label;
};

std::vector<LegendEntry> legend_entries(const TimelineModel& model, bool task_lanes, bool arrows);

// At most this many rows; entries beyond them are summed up as "+N more" (hover: all of them).
inline constexpr int kMaxLegendRows = 2;

// The height the entries need at this width (one row, or kMaxLegendRows).
// A short panel (large UI scale, presentation mode) asks for fewer rows.
float legend_height(const std::vector<LegendEntry>& entries, float width, const ThemeFonts& fonts, float scale,
                    int max_rows = kMaxLegendRows);
// A picture's legend stands in a column right of the lanes, so they keep the picture's height: as
// wide as its widest entry (at most `max_width`), and how many rows fit in `height`.
float legend_column_width(const std::vector<LegendEntry>& entries, const ThemeFonts& fonts, float scale, float max_width);
int legend_rows_within(float height, const ThemeFonts& fonts, float scale);
// Returns how many entries, from the first, it had room for.
std::size_t paint_legend(ImDrawList& draw, const PanelRect& rect, const std::vector<LegendEntry>& entries,
                         const ThemeFonts& fonts, float scale, int max_rows = kMaxLegendRows);

}  // namespace wakeline::app
