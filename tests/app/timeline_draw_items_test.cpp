// The preparation step: what is folded, what is drawn on its own, and that a huge trace stays a
// few thousand items per lane whatever its size.
#include <numeric>

#include "timeline/draw_items.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"
#include "timeline/timeline_painter.hpp"
#include "timeline_lesson_traces.hpp"

using namespace timeline_tests;

namespace {

Span span(std::uint64_t start, std::uint64_t end, TaskId task = 1) {
  Span s;
  s.start_ns = start;
  s.end_ns = end;
  s.task = task;
  return s;
}

std::uint64_t total_count(const std::vector<DrawItem>& items) {
  return std::accumulate(items.begin(), items.end(), std::uint64_t{0},
                         [](std::uint64_t sum, const DrawItem& item) { return sum + item.count; });
}

// The trace is big: run it once for all the tests that need it.
const Trace& million_event_trace() {
  static const Trace trace = lesson_trace("work-stealing", {"tasks=100000"});
  return trace;
}

const TimelineModel& million_event_model() {
  static const TimelineModel model = build_timeline_model(million_event_trace());
  return model;
}

}  // namespace

TEST_CASE("wide spans are drawn one by one, narrow neighbours fold into one item with their count", "[timeline]") {
  // 1 ns per pixel over 1000 px.
  const TimeWindow window{.start_ns = 0, .end_ns = 1000, .width_px = 1000};
  const std::vector<Span> spans = {span(10, 50), span(100, 100), span(101, 101), span(102, 103), span(200, 300)};
  std::vector<DrawItem> items;
  fold_spans(spans.data(), spans.data() + spans.size(), window, 2.0f, items);
  REQUIRE(items.size() == 3);
  CHECK_FALSE(items[0].folded);
  CHECK(items[0].start_ns == 10);
  CHECK(items[1].folded);
  CHECK(items[1].count == 3);
  CHECK(items[1].start_ns == 100);
  CHECK(items[1].end_ns == 103);
  CHECK(items[1].task == 0);
  CHECK_FALSE(items[2].folded);
  CHECK(items[2].first == 4);
  CHECK(total_count(items) == spans.size());
}

TEST_CASE("a visible gap ends a folded run, and a lone narrow span is drawn as itself", "[timeline]") {
  const TimeWindow window{.start_ns = 0, .end_ns = 1000, .width_px = 1000};
  const std::vector<Span> spans = {span(100, 100), span(101, 101), span(110, 111), span(500, 501)};
  std::vector<DrawItem> items;
  fold_spans(spans.data(), spans.data() + spans.size(), window, 2.0f, items);
  REQUIRE(items.size() == 3);
  CHECK(items[0].count == 2);
  CHECK_FALSE(items[1].folded);  // 110: more than 2 px after the run
  CHECK(items[1].count == 1);
  CHECK_FALSE(items[2].folded);
}

TEST_CASE("only spans that reach into the window become items", "[timeline]") {
  const TimeWindow window{.start_ns = 1000, .end_ns = 2000, .width_px = 100};
  const std::vector<Span> spans = {span(0, 500), span(900, 1100), span(1500, 1600), span(1990, 2500), span(3000, 4000)};
  std::vector<DrawItem> items;
  fold_spans(spans.data(), spans.data() + spans.size(), window, 2.0f, items);
  REQUIRE(items.size() == 3);
  CHECK(items[0].first == 1);
  CHECK(items[0].x0 < 0);     // starts before the window, clamped a few pixels out
  CHECK(items[0].x0 >= -4);
  CHECK(items[2].first == 3);
  CHECK(items[2].x1 <= 104);
}

TEST_CASE("a 1M-event trace at fit-all: a few thousand items per lane, folded counts adding up", "[timeline]") {
  const Trace& trace = million_event_trace();
  REQUIRE(trace.events.size() >= 1'000'000);
  const TimelineModel& model = million_event_model();
  TimelineView view;
  fit_all(view, model);
  const TimeWindow window{.start_ns = view.start_ns, .end_ns = view.end_ns, .width_px = 1600};
  DrawRequest request;
  request.task_count = 200;  // the first screenfuls of task lanes
  const DrawItems items = prepare_draw_items(model, window, request);

  std::size_t polls = 0;
  for (const RowItems& row : items.rows) {
    CHECK(row.spans.size() + row.overlays.size() <= 3000);
    CHECK(row.markers.size() <= 1600);
    if (row.kind == RowKind::Thread) {
      const ThreadLane& lane = model.threads[row.lane];
      CHECK(total_count(row.spans) == lane.polls.size());
      CHECK(total_count(row.overlays) == lane.blocking.size());
      polls += lane.polls.size();
    } else {
      CHECK(total_count(row.spans) == model.tasks[row.lane].state_count);
    }
  }
  CHECK(polls >= 100'000);
  CHECK(items.arrows.empty());  // far too many to draw at this zoom
  REQUIRE(items.arrows_hidden >= 1000);
  CHECK(hidden_arrows_note(items.arrows_hidden).find(',') != std::string::npos);  // "1,128,536 wake arrows ..."
}

TEST_CASE("a 1M-event trace zoomed to 100 µs: real spans, each drawn on its own", "[timeline]") {
  const TimelineModel& model = million_event_model();
  const double middle = static_cast<double>(model.run_end_ns) / 2;
  const TimeWindow window{.start_ns = middle, .end_ns = middle + 100'000, .width_px = 1600};
  const DrawItems items = prepare_draw_items(model, window, DrawRequest{});
  std::size_t spans = 0;
  for (const RowItems& row : items.rows) {
    for (const DrawItem& item : row.spans) {
      CHECK_FALSE(item.folded);
      CHECK(item.task != 0);
      ++spans;
    }
  }
  CHECK(spans >= 4);  // every worker is busy mid-run
  CHECK_FALSE(items.arrows.empty());
}
