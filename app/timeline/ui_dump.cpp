#include "timeline/ui_dump.hpp"

#include <limits>

#include <nlohmann/json.hpp>

#include "timeline/draw_items.hpp"
#include "timeline/time_ruler.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"

namespace wakeline::app {
namespace {

using nlohmann::json;

constexpr float kDumpLabelSpacingPx = 110.0f;  // the ruler's label spacing at 100%

json span_json(std::size_t lane, const DrawItem& item, std::string_view layer) {
  json span = {{"lane", lane}, {"task", item.task}, {"start_ns", item.start_ns}, {"end_ns", item.end_ns}};
  if (item.folded) {
    span["kind"] = "folded";
    span["of"] = layer;
    span["count"] = item.count;
  } else {
    span["kind"] = to_string(item.kind);
  }
  return span;
}

json thread_spans(const TimelineModel& model, const RowItems& row, std::size_t lane_index) {
  json spans = json::array();
  const ThreadLane& lane = model.threads[row.lane];
  for (const DrawItem& item : row.spans) {
    json span = span_json(lane_index, item, "poll");
    if (!item.folded) span["label"] = model.task_name(item.task);
    spans.push_back(std::move(span));
  }
  for (const DrawItem& item : row.overlays) {
    json span = span_json(lane_index, item, "blocking");
    if (!item.folded) {
      const Span& source = lane.blocking[item.first];
      const std::string kind(to_string(static_cast<BlockingKind>(source.detail)));
      span["blocking_kind"] = kind;
      span["label"] = kind + " " + format_duration(static_cast<double>(source.end_ns - source.start_ns));
    }
    spans.push_back(std::move(span));
  }
  return spans;
}

json task_spans(const TimelineModel& model, const RowItems& row, std::size_t lane_index, const TimeWindow& window) {
  json spans = json::array();
  for (const DrawItem& item : row.spans) spans.push_back(span_json(lane_index, item, "states"));
  // How the task ended: an instant at its end.
  const TaskLane& lane = model.tasks[row.lane];
  const TaskStats* stats = model.task(lane.task);
  if (stats != nullptr && stats->end_ns && static_cast<double>(*stats->end_ns) >= window.start_ns &&
      static_cast<double>(*stats->end_ns) <= window.end_ns) {
    spans.push_back({{"lane", lane_index}, {"task", lane.task}, {"start_ns", *stats->end_ns}, {"end_ns", *stats->end_ns},
                     {"kind", to_string(stats->outcome)}});
  }
  return spans;
}

}  // namespace

TaskLaneRange dumped_task_lanes(const TimelineView& view, std::size_t task_lanes) {
  if (!view.show_task_lanes) return {};
  const TimelineFrameLayout& drawn = view.last_layout;
  if (task_lanes <= kDumpEveryTaskLaneUpTo || !drawn.drawn || drawn.task_lane_count != task_lanes) {
    return {0, static_cast<std::uint32_t>(task_lanes)};
  }
  return {drawn.first_visible_task, drawn.visible_task_count};
}

std::string dump_ui_json(const Trace& trace, const TimelineView& view_in, float width_px) {
  TimelineModel built;
  const TimelineModel* model = view_in.model.get();
  if (model == nullptr || !model->built_from(trace)) {
    built = build_timeline_model(trace);
    model = &built;
  }
  TimelineView view = view_in;
  if (view.fit_requested) fit_all(view, *model);
  else clamp_view(view, *model);
  const TimeWindow window{.start_ns = view.start_ns, .end_ns = view.end_ns, .width_px = width_px > 1 ? width_px : 1.0f};

  DrawRequest request;
  request.arrows = view.show_arrows;
  const TaskLaneRange dumped = dumped_task_lanes(view_in, model->tasks.size());
  request.first_task = dumped.first;
  request.task_count = dumped.count;
  const DrawItems items = prepare_draw_items(*model, window, request);
  const TimeRuler ruler = make_time_ruler(window, kDumpLabelSpacingPx);

  // Reveal: nothing after the playhead, as on screen (no later span, mark, tick or total).
  const bool hiding = view.reveal && view.playhead_ns >= 0;
  const double cut = hiding ? view.playhead_ns : std::numeric_limits<double>::infinity();

  json out;
  out["view"] = {{"start_ns", window.start_ns}, {"end_ns", window.end_ns}, {"width_px", window.width_px},
                 {"selected_task", view.selected_task}, {"task_lanes", view.show_task_lanes}, {"arrows", view.show_arrows}};
  json ticks = json::array();
  for (const RulerTick& tick : ruler.major) {
    if (tick.ns <= cut) ticks.push_back({{"ns", tick.ns}, {"label", tick.label}});
  }
  out["ruler"] = {{"unit", to_string(ruler.unit)}, {"step_ns", ruler.major_ns}, {"base", ruler.base_label}, {"ticks", ticks}};

  json threads = json::array();
  for (const ThreadLane& lane : model->threads) {
    const ThreadStats& s = lane.stats;
    threads.push_back({{"name", lane.name}, {"kind", to_string(lane.kind)}, {"polls", s.polls},
                       {"busy_pct", s.busy_pct}, {"idle_pct", s.idle_pct}, {"blocked_pct", s.blocked_pct},
                       {"parked_pct", s.parked_pct}});
  }
  out["task_lanes_dumped"] = {{"first", dumped.first}, {"count", dumped.count}};
  out["totals"] = hiding ? json{{"run_ns", nullptr}, {"events", nullptr}, {"tasks", nullptr}, {"threads", nullptr}}
                        : json{{"run_ns", model->run_end_ns}, {"events", model->event_count}, {"tasks", model->tasks.size()},
                               {"threads", threads}};

  // Lanes in the order drawn: thread lanes, then task lanes.
  json lanes = json::array();
  json spans = json::array();
  json markers = json::array();
  for (const RowItems& row : items.rows) {
    const std::size_t index = lanes.size();
    if (row.kind == RowKind::Thread) {
      const ThreadLane& lane = model->threads[row.lane];
      lanes.push_back({{"name", lane.name}, {"kind", to_string(lane.kind)}, {"thread", lane.thread}});
      for (json& span : thread_spans(*model, row, index)) spans.push_back(std::move(span));
      for (const MarkerItem& item : row.markers)
        markers.push_back({{"lane", index}, {"ns", item.time_ns}, {"kind", to_string(item.kind)}, {"count", item.count}});
    } else {
      const TaskLane& lane = model->tasks[row.lane];
      lanes.push_back({{"name", model->task_name(lane.task)}, {"kind", "task"}, {"task", lane.task}});
      for (json& span : task_spans(*model, row, index, window)) spans.push_back(std::move(span));
    }
  }
  json arrows = json::array();
  for (const ArrowItem& item : items.arrows) {
    const Arrow& arrow = model->arrows[item.arrow];
    arrows.push_back({{"from_lane", item.from_lane}, {"from_ns", arrow.from_ns}, {"to_lane", item.to_lane},
                      {"to_ns", arrow.to_ns}, {"kind", to_string(arrow.cause)}, {"task", arrow.task},
                      {"waker", arrow.waker}});
  }
  if (hiding) {
    const auto after = [&](const json& item, const char* at) { return item[at].get<double>() > cut; };
    json kept = json::array();
    for (json& span : spans) {
      if (after(span, "start_ns")) continue;
      if (after(span, "end_ns")) span["end_ns"] = cut;
      kept.push_back(std::move(span));
    }
    spans = std::move(kept);
    kept = json::array();
    for (json& marker : markers) {
      if (!after(marker, "ns")) kept.push_back(std::move(marker));
    }
    markers = std::move(kept);
    kept = json::array();
    for (json& arrow : arrows) {
      if (!after(arrow, "to_ns")) kept.push_back(std::move(arrow));
    }
    arrows = std::move(kept);
  }
  out["lanes"] = std::move(lanes);
  out["spans"] = std::move(spans);
  out["arrows"] = std::move(arrows);
  out["arrows_hidden"] = items.arrows_hidden;
  out["markers"] = std::move(markers);
  json legend = json::array();
  for (const LegendEntry& entry : legend_entries(*model, view.show_task_lanes, view.show_arrows)) legend.push_back(entry.label);
  out["legend"] = std::move(legend);
  return out.dump();
}

}  // namespace wakeline::app
