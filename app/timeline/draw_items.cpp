#include "timeline/draw_items.hpp"

#include <algorithm>
#include <cstddef>

namespace wakeline::app {
namespace {

// Far-off coordinates would lose float precision in the painter; a few pixels outside is enough
// for a span that runs past an edge.
float clamp_x(float x, const TimeWindow& window) { return std::clamp(x, -4.0f, window.width_px + 4.0f); }

// std::partition_point, but searching outwards from `first`: the answer is usually a few spans
// away, so this costs the log of the distance instead of the log of the lane.
template <typename Iterator, typename Predicate>
Iterator gallop(Iterator first, Iterator last, Predicate pred) {
  std::ptrdiff_t step = 1;
  Iterator low = first;
  while (last - low > step && pred(*(low + step))) {
    low += step;
    step *= 2;
  }
  return std::partition_point(low, std::min(last, low + step + 1), pred);
}

DrawItem span_item(const Span& span, std::uint32_t index, const TimeWindow& window) {
  return DrawItem{.x0 = clamp_x(window.x_of(static_cast<double>(span.start_ns)), window),
                  .x1 = clamp_x(window.x_of(static_cast<double>(span.end_ns)), window),
                  .start_ns = span.start_ns,
                  .end_ns = span.end_ns,
                  .first = index,
                  .count = 1,
                  .task = span.task,
                  .kind = span.kind};
}

void fold_markers(const std::vector<Marker>& markers, const TimeWindow& window, float min_marker_px,
                  std::vector<MarkerItem>& out) {
  const double min_ns = static_cast<double>(min_marker_px) * window.ns_per_px();
  auto it = std::partition_point(markers.begin(), markers.end(),
                                 [&](const Marker& m) { return static_cast<double>(m.time_ns) < window.start_ns; });
  const auto last = std::partition_point(it, markers.end(),
                                         [&](const Marker& m) { return static_cast<double>(m.time_ns) <= window.end_ns; });
  while (it < last) {
    const double until = static_cast<double>(it->time_ns) + min_ns;
    const auto next = gallop(it, last, [&](const Marker& m) { return static_cast<double>(m.time_ns) < until; });
    out.push_back(MarkerItem{.x = clamp_x(window.x_of(static_cast<double>(it->time_ns)), window),
                             .time_ns = it->time_ns,
                             .first = static_cast<std::uint32_t>(it - markers.begin()),
                             .count = static_cast<std::uint32_t>(next - it),
                             .kind = it->kind});
    it = next;
  }
}

void add_arrows(const TimelineModel& model, const TimeWindow& window, const DrawRequest& request, DrawItems& items) {
  const auto in_window = [&](std::uint64_t ns) {
    return static_cast<double>(ns) >= window.start_ns && static_cast<double>(ns) <= window.end_ns;
  };
  // Arrows ending in view, by to_ns; then those starting in view and ending outside it, by from_ns.
  const auto to_lo = std::partition_point(model.arrows.begin(), model.arrows.end(),
                                          [&](const Arrow& a) { return static_cast<double>(a.to_ns) < window.start_ns; });
  const auto to_hi = std::partition_point(to_lo, model.arrows.end(),
                                          [&](const Arrow& a) { return static_cast<double>(a.to_ns) <= window.end_ns; });
  const auto from_of = [&](std::uint32_t i) { return static_cast<double>(model.arrows[i].from_ns); };
  const auto from_lo = std::partition_point(model.arrows_by_from.begin(), model.arrows_by_from.end(),
                                            [&](std::uint32_t i) { return from_of(i) < window.start_ns; });
  const auto from_hi = std::partition_point(from_lo, model.arrows_by_from.end(),
                                            [&](std::uint32_t i) { return from_of(i) <= window.end_ns; });
  const auto in_view = static_cast<std::size_t>(std::max(to_hi - to_lo, from_hi - from_lo));
  const auto limit = static_cast<std::size_t>(request.max_arrows_per_100px * window.width_px / 100.0f);
  if (in_view > limit) {
    items.arrows_hidden = in_view;
    return;
  }
  const auto add = [&](std::uint32_t index) {
    const Arrow& arrow = model.arrows[index];
    // A spawn long before its first poll (a job queued behind a thousand others) would reach in
    // from off-screen as a fan of lines all starting at the edge: show spawns only whole.
    if (arrow.cause == WakeCause::Spawn && !(in_window(arrow.from_ns) && in_window(arrow.to_ns))) return;
    items.arrows.push_back(ArrowItem{.arrow = index,
                                     .from_lane = arrow.from_lane,
                                     .to_lane = arrow.to_lane,
                                     .x0 = clamp_x(window.x_of(static_cast<double>(arrow.from_ns)), window),
                                     .x1 = clamp_x(window.x_of(static_cast<double>(arrow.to_ns)), window)});
  };
  for (auto it = to_lo; it != to_hi; ++it) add(static_cast<std::uint32_t>(it - model.arrows.begin()));
  for (auto it = from_lo; it != from_hi; ++it)
    if (!in_window(model.arrows[*it].to_ns)) add(*it);
}

}  // namespace

void fold_spans(const Span* begin, const Span* end, const TimeWindow& window, float min_span_px,
                std::vector<DrawItem>& out) {
  const double min_ns = static_cast<double>(min_span_px) * window.ns_per_px();
  const auto narrow = [&](const Span& s) { return static_cast<double>(s.end_ns - s.start_ns) < min_ns; };
  // Sorted by start and never overlapping, so sorted by end too.
  const Span* it = std::partition_point(begin, end, [&](const Span& s) { return static_cast<double>(s.end_ns) < window.start_ns; });
  const Span* last = std::partition_point(it, end, [&](const Span& s) { return static_cast<double>(s.start_ns) <= window.end_ns; });
  while (it < last) {
    if (!narrow(*it)) {
      out.push_back(span_item(*it, static_cast<std::uint32_t>(it - begin), window));
      ++it;
      continue;
    }
    // A run of narrow spans: jump to the first span starting a min width past the run's end,
    // counting what was skipped, until a wide span or a visible gap ends the run. Each jump
    // moves at least min_ns, so a run costs one binary search per min_span_px of screen.
    const Span* first = it;
    double run_end = static_cast<double>(it->end_ns);
    for (;;) {
      const double threshold = run_end + min_ns;
      const Span* jump = gallop(it, last, [&](const Span& s) { return static_cast<double>(s.start_ns) < threshold; });
      // Only the last span skipped can be wide (it would reach past the threshold); it is drawn on its own.
      if (jump - 1 > it && !narrow(*(jump - 1))) --jump;
      run_end = std::max(run_end, static_cast<double>((jump - 1)->end_ns));
      it = jump;
      if (it == last || !narrow(*it) || static_cast<double>(it->start_ns) >= run_end + min_ns) break;
    }
    DrawItem item = span_item(*first, static_cast<std::uint32_t>(first - begin), window);
    const auto count = static_cast<std::uint32_t>(it - first);
    if (count > 1) {
      const Span& tail = *(it - 1);
      item.end_ns = tail.end_ns;
      item.x1 = clamp_x(window.x_of(static_cast<double>(tail.end_ns)), window);
      item.count = count;
      item.task = 0;
      item.folded = true;
    }
    out.push_back(item);
  }
}

DrawItems prepare_draw_items(const TimelineModel& model, const TimeWindow& window, const DrawRequest& request) {
  DrawItems items;
  items.window = window;
  if (request.thread_lanes) {
    for (std::uint32_t lane = 0; lane < model.threads.size(); ++lane) {
      const ThreadLane& thread = model.threads[lane];
      RowItems row;
      row.kind = RowKind::Thread;
      row.lane = lane;
      fold_spans(thread.polls.data(), thread.polls.data() + thread.polls.size(), window, request.min_span_px, row.spans);
      fold_spans(thread.blocking.data(), thread.blocking.data() + thread.blocking.size(), window, request.min_span_px,
                 row.overlays);
      fold_markers(thread.markers, window, request.min_marker_px, row.markers);
      items.rows.push_back(std::move(row));
    }
    if (request.arrows) add_arrows(model, window, request, items);
  }
  const std::size_t task_end = std::min<std::size_t>(model.tasks.size(), std::size_t{request.first_task} + request.task_count);
  for (std::size_t lane = request.first_task; lane < task_end; ++lane) {
    const TaskLane& task = model.tasks[lane];
    RowItems row;
    row.kind = RowKind::Task;
    row.lane = static_cast<std::uint32_t>(lane);
    fold_spans(model.states_begin(task), model.states_end(task), window, request.min_span_px, row.spans);
    items.rows.push_back(std::move(row));
  }
  return items;
}

}  // namespace wakeline::app
