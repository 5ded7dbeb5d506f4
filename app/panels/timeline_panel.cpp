// The Timeline panel, top to bottom: toolbar, ruler, lanes (labels on the left), legend. Each frame:
// input moves the view, the draw items for the visible window are prepared, then painted.
#include "panels/timeline_panel.hpp"

#include <memory>

#include "timeline/draw_items.hpp"
#include "timeline/time_ruler.hpp"
#include "timeline/timeline_hover.hpp"
#include "timeline/timeline_input.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"
#include "timeline/timeline_painter.hpp"
#include "timeline/timeline_playhead.hpp"
#include "timeline/timeline_toolbar.hpp"

namespace wakeline::app {
namespace {

constexpr float kRulerLabelSpacing = 110.0f;  // a labelled tick about this often, at 100%
// Below this height (at 100%) a full toolbar and a two-row legend would leave the lanes about two
// lanes' worth of room.
constexpr float kTightPanelHeight = 330.0f;
// Below this (at 100%), the legend's row would leave fewer than three lanes: it gives way (the
// tooltips still name every mark).
constexpr float kLegendlessPanelHeight = 250.0f;
constexpr float kMaxLegendColumnShare = 0.25f;  // of a picture's width

// A new trace gets a new model. A followed run is fitted again; one the user zoomed or panned keeps
// its window and scroll (a live run's next snapshot). The selection survives if its task does.
const TimelineModel& model_for(const Trace& trace, TimelineView& view) {
  if (view.model == nullptr || !view.model->built_from(trace)) {
    view.model = std::make_shared<const TimelineModel>(build_timeline_model(trace));
    if (view.follow_run) view.fit_requested = true;
    view.selecting = false;
    if (view.model->task_lane(view.selected_task) < 0) view.selected_task = 0;
  }
  return *view.model;
}

FrameRect frame_rect(const PanelRect& rect) { return {rect.min.x, rect.min.y, rect.width(), rect.height()}; }

TimelineFrameLayout frame_layout(const TimelineLayout& layout) {
  TimelineFrameLayout frame;
  frame.drawn = true;
  frame.toolbar = frame_rect(layout.toolbar);
  frame.ruler = frame_rect(layout.ruler);
  frame.gutter = frame_rect(layout.gutter);
  frame.plot = frame_rect(layout.plot);
  frame.legend = frame_rect(layout.legend);
  for (std::uint32_t lane = 0; lane < layout.thread_count; ++lane) {
    frame.thread_rows.push_back({layout.row_top(RowKind::Thread, lane), layout.row_height(RowKind::Thread)});
  }
  frame.task_lane_count = layout.task_count;
  frame.task_rows_top = layout.task_row_top(0);
  frame.task_row_height = layout.task_lane_height;
  frame.first_visible_task = layout.first_visible_task();
  frame.visible_task_count = layout.visible_task_count();
  frame.lanes_min_height = layout.min_content_height;
  return frame;
}


}  // namespace

void draw_timeline_panel(const Trace* trace, TimelineView& view, const ThemeFonts& fonts, float ui_scale,
                         const EmptyTimelineText& empty) {
  view.last_layout = TimelineFrameLayout{};
  view.scrub_to_ns = -1;
  view.clicked_event = -1;
  if (trace == nullptr) {
    view.model.reset();
    draw_empty_timeline(fonts, ui_scale, empty);
    return;
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x <= 0 || avail.y <= 0) return;
  const TimelineModel& model = model_for(*trace, view);
  if (view.fit_requested) fit_all(view, model);
  clamp_view(view, model);

  // Short of room for the lanes: no toolbar row (F and the View menu do its work) and one legend row.
  const bool tight = !view.still_image && (view.compact || avail.y < kTightPanelHeight * ui_scale);
  view.toolbar_hidden = tight;
  int legend_rows = tight ? 1 : kMaxLegendRows;
  const bool legend_shown_at_all = view.still_image || avail.y >= kLegendlessPanelHeight * ui_scale;
  // A picture's legend is a column right of the lanes (they keep the slide's height); the panel's, a row under them.
  const auto legend_column = [&](const std::vector<LegendEntry>& entries) {
    return view.still_image ? legend_column_width(entries, fonts, ui_scale, avail.x * kMaxLegendColumnShare) : 0.0f;
  };
  if (view.still_image) legend_rows = legend_rows_within(avail.y, fonts, ui_scale);
  const auto legend_room = [&](const std::vector<LegendEntry>& entries) {
    const float width = view.still_image ? legend_column(entries) : avail.x;
    return legend_shown_at_all ? legend_height(entries, width, fonts, ui_scale, legend_rows) : 0.0f;
  };

  // Input first, on this frame's layout; then lay out again, as the view may have moved.
  std::vector<LegendEntry> legend = legend_entries(model, view.show_task_lanes, view.show_arrows);
  TimelineLayout layout = layout_timeline(origin, avail, model, view, ui_scale, legend_room(legend), legend_column(legend));
  if (!tight) draw_timeline_toolbar(view, model, layout.toolbar, fonts, ui_scale);
  // A picture takes no input: the pointer may be anywhere over the real window.
  const TimelineInput input = view.still_image ? TimelineInput{} : apply_timeline_input(view, model, layout);
  if (view.scroll_to_task != 0) {
    if (const int lane = model.task_lane(view.scroll_to_task); lane >= 0) {
      view.scroll_y = scroll_to_show_task(layout, static_cast<std::uint32_t>(lane));
    }
    view.scroll_to_task = 0;
  }
  if (view.fit_requested) fit_all(view, model);
  legend = legend_entries(model, view.show_task_lanes, view.show_arrows);
  layout = layout_timeline(origin, avail, model, view, ui_scale, legend_room(legend), legend_column(legend));
  view.scroll_y = layout.scroll_y;
  view.last_layout = frame_layout(layout);

  // Step one: the draw items for what is visible. Step two: paint them.
  const TimeWindow window = layout.window(view);
  DrawRequest request;
  request.first_task = layout.first_visible_task();
  request.task_count = layout.visible_task_count();
  request.arrows = view.show_arrows;
  const DrawItems items = prepare_draw_items(model, window, request);
  const TimeRuler ruler = make_time_ruler(window, kRulerLabelSpacing * ui_scale);

  // Reveal: what lies under the cover, after the playhead, has no tooltip and takes no click.
  const bool hide_future = view.reveal && view.playhead_ns >= 0;
  const bool under_cover = hide_future && input.mouse.x > layout.plot.min.x + window.x_of(view.playhead_ns);
  HoverTarget hover;
  if (input.hovered && !input.dragging && !view.selecting && !under_cover) hover = hit_test(model, items, layout, input.mouse);
  apply_click(view, model, input, hover);
  const bool over_time = input.hovered && input.mouse.x >= layout.plot.min.x;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  paint_timeline(draw, PaintInput{.model = model, .items = items, .ruler = ruler, .layout = layout, .view = view,
                                  .fonts = fonts, .hover = hover, .mouse_x = over_time ? input.mouse.x : -1.0f});
  paint_playhead(draw, layout, view, fonts);
  const std::size_t legend_shown = paint_legend(draw, layout.legend, legend, fonts, ui_scale, legend_rows);
  if (hover.kind != HoverKind::None) show_tooltip(describe(model, hover, hide_future), fonts);
  else if (legend_shown < legend.size() && ImGui::IsWindowHovered() && layout.legend.contains(ImGui::GetIO().MousePos)) {
    Tooltip more;
    more.title = "Also on this timeline";
    for (std::size_t i = legend_shown; i < legend.size(); ++i) more.lines.push_back(legend[i].label);
    show_tooltip(more, fonts);
  }

  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(avail);  // the panel's content size, for ImGui
}

}  // namespace wakeline::app
