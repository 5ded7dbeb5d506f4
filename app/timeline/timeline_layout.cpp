#include "timeline/timeline_layout.hpp"

#include <algorithm>
#include <cmath>

namespace wakeline::app {

float TimelineLayout::thread_row_top(std::uint32_t lane) const {
  return threads_header_top() + section_height + static_cast<float>(lane) * thread_lane_height;
}

float TimelineLayout::tasks_header_top() const { return thread_row_top(thread_count); }

float TimelineLayout::task_row_top(std::uint32_t lane) const {
  return tasks_header_top() + section_height + static_cast<float>(lane) * task_lane_height;
}

float TimelineLayout::row_top(RowKind kind, std::uint32_t lane) const {
  return kind == RowKind::Thread ? thread_row_top(lane) : task_row_top(lane);
}

std::uint32_t TimelineLayout::first_visible_task() const {
  if (task_count == 0) return 0;
  const float above = plot.min.y - (tasks_header_top() + section_height);
  if (above <= 0) return 0;
  return std::min(task_count, static_cast<std::uint32_t>(above / task_lane_height));
}

std::uint32_t TimelineLayout::visible_task_count() const {
  if (task_count == 0) return 0;
  const std::uint32_t first = first_visible_task();
  const float top = task_row_top(first);
  if (top >= plot.max.y) return 0;
  const auto rows = static_cast<std::uint32_t>(std::ceil((plot.max.y - top) / task_lane_height));
  return std::min(task_count - first, rows);
}

std::optional<RowHit> TimelineLayout::row_at(float y) const {
  if (y < plot.min.y || y >= plot.max.y) return std::nullopt;
  const float in_threads = y - thread_row_top(0);
  if (in_threads >= 0 && in_threads < static_cast<float>(thread_count) * thread_lane_height) {
    return RowHit{RowKind::Thread, static_cast<std::uint32_t>(in_threads / thread_lane_height)};
  }
  const float in_tasks = y - task_row_top(0);
  if (task_count > 0 && in_tasks >= 0 && in_tasks < static_cast<float>(task_count) * task_lane_height) {
    return RowHit{RowKind::Task, static_cast<std::uint32_t>(in_tasks / task_lane_height)};
  }
  return std::nullopt;
}

TimeWindow TimelineLayout::window(const TimelineView& view) const {
  return TimeWindow{.start_ns = view.start_ns, .end_ns = view.end_ns, .width_px = std::max(1.0f, plot.width())};
}

float scroll_to_show_task(const TimelineLayout& layout, std::uint32_t lane) {
  if (lane >= layout.task_count) return layout.scroll_y;
  // In content coordinates: the plot shows [scroll, scroll + plot height).
  const float top = layout.task_row_top(lane) - layout.plot.min.y + layout.scroll_y;
  const float bottom = top + layout.task_lane_height;
  float scroll = layout.scroll_y;
  if (bottom > scroll + layout.plot.height()) scroll = bottom - layout.plot.height();
  if (top < scroll) scroll = top;
  return std::clamp(scroll, 0.0f, layout.max_scroll());
}

TimelineLayout layout_timeline(ImVec2 origin, ImVec2 size, const TimelineModel& model, const TimelineView& view,
                               float scale, float legend_height, float legend_column_width) {
  TimelineLayout layout;
  layout.scale = scale;
  const bool picture = view.still_image;
  const float right = origin.x + size.x;
  const float bottom = origin.y + size.y;
  const float gap = std::round((picture ? 2.0f : 4.0f) * scale);
  const float gutter = std::round(std::min(kGutterWidth * scale, size.x * 0.35f));
  const float column_gap = std::round(8.0f * scale);
  const float column = legend_column_width > 0 ? std::round(legend_column_width) + column_gap : 0.0f;
  const float lanes_right = right - column;

  // Short of room (a large UI scale on a small window), the ruler and lanes grow less than the
  // text: three lanes at 250% on 1280x720 matter more than their padding.
  const float lane_scale = view.toolbar_hidden && !view.still_image ? std::min(scale, kTightLaneScale) : scale;
  const float toolbar_height =
      view.toolbar_hidden ? 0.0f : std::round((picture ? kPictureTitleHeight : kToolbarHeight) * scale);
  layout.toolbar = {origin, ImVec2(right, origin.y + toolbar_height)};
  const float ruler_top = layout.toolbar.max.y + (toolbar_height > 0 && !picture ? gap : 0.0f);
  const float ruler_height = picture ? std::round(kPictureRulerHeight * scale)
                                     : std::round(std::max(kRulerHeight * lane_scale, kRulerHeight * scale * 0.6f));  // its labels still fit
  layout.ruler = {ImVec2(origin.x + gutter, ruler_top), ImVec2(lanes_right, ruler_top + ruler_height)};
  const float lanes_top = layout.ruler.max.y + gap;
  if (column > 0) {
    layout.legend = {ImVec2(lanes_right + column_gap, lanes_top), ImVec2(right, std::min(bottom, lanes_top + legend_height))};
  } else {
    layout.legend = {ImVec2(origin.x, std::max(layout.ruler.max.y, bottom - legend_height)), ImVec2(right, bottom)};
  }
  const float lanes_bottom = column > 0 ? bottom : std::max(lanes_top, layout.legend.min.y - gap);
  layout.gutter = {ImVec2(origin.x, lanes_top), ImVec2(origin.x + gutter, lanes_bottom)};
  layout.plot = {ImVec2(origin.x + gutter, lanes_top), ImVec2(lanes_right, lanes_bottom)};

  layout.thread_lane_height = std::round(kThreadLaneHeight * lane_scale);
  layout.task_lane_height = std::round(kTaskLaneHeight * lane_scale);
  layout.section_height = std::round(kSectionHeight * lane_scale);
  layout.thread_count = static_cast<std::uint32_t>(model.threads.size());
  layout.task_count = view.show_task_lanes ? static_cast<std::uint32_t>(model.tasks.size()) : 0;
  const auto content = [&] {
    float height = layout.section_height + static_cast<float>(layout.thread_count) * layout.thread_lane_height;
    if (layout.task_count > 0) height += layout.section_height + static_cast<float>(layout.task_count) * layout.task_lane_height;
    return height;
  };
  layout.content_height = content();
  const float nominal_thread = layout.thread_lane_height, nominal_task = layout.task_lane_height;
  const float nominal_section = layout.section_height;
  const auto smallest = [&](float at_100, float nominal) { return std::min(nominal, std::round(at_100 * scale)); };
  const float min_thread = smallest(kMinThreadLaneHeight, nominal_thread);
  const float min_task = smallest(kMinTaskLaneHeight, nominal_task);
  const float min_section = smallest(kMinSectionHeight, nominal_section);
  layout.min_content_height = min_section + static_cast<float>(layout.thread_count) * min_thread;
  if (layout.task_count > 0) layout.min_content_height += min_section + static_cast<float>(layout.task_count) * min_task;
  const float room = layout.plot.height();
  if (layout.content_height > room && layout.min_content_height <= room) {
    // Every row gives up the same share of what it could give, so the lanes keep their proportions.
    const float keep = (room - layout.min_content_height) / (layout.content_height - layout.min_content_height);
    const auto shrunk = [&](float smallest_h, float nominal) { return std::floor(smallest_h + keep * (nominal - smallest_h)); };
    layout.thread_lane_height = shrunk(min_thread, nominal_thread);
    layout.task_lane_height = shrunk(min_task, nominal_task);
    layout.section_height = shrunk(min_section, nominal_section);
    layout.content_height = content();
  } else if (view.still_image && layout.content_height > 0 && layout.content_height < room) {
    // A slide: every lane grows alike (the section headers keep theirs) until they fill the picture.
    const float sections = layout.section_height * (layout.task_count > 0 ? 2.0f : 1.0f);
    const float grow = (room - sections) / (layout.content_height - sections);
    layout.thread_lane_height = std::floor(nominal_thread * grow);
    layout.task_lane_height = std::floor(nominal_task * grow);
    layout.content_height = content();
  } else if (layout.thread_count > 0 && layout.content_height < room) {
    // Few lanes in a tall panel: taller thread lanes read better from the back of a classroom.
    const float spare = (room - layout.content_height) / static_cast<float>(layout.thread_count);
    layout.thread_lane_height += std::floor(std::min(spare, layout.thread_lane_height * (kMaxLaneGrowth - 1.0f)));
    layout.content_height = content();
  }
  layout.scroll_y = std::clamp(view.scroll_y, 0.0f, layout.max_scroll());
  return layout;
}

}  // namespace wakeline::app
