// What is under the pointer, and what its tooltip says.
#include <algorithm>

#include "timeline/draw_items.hpp"
#include "timeline/timeline_hover.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"
#include "timeline_lesson_traces.hpp"

using namespace timeline_tests;

namespace {

struct Scene {
  TimelineModel model;
  TimelineView view;
  TimelineLayout layout;
  DrawItems items;
};

Scene scene_for(const Trace& trace, double start_ns, double end_ns) {
  Scene scene;
  scene.model = build_timeline_model(trace);
  zoom_to_range(scene.view, scene.model, start_ns, end_ns);
  scene.layout = layout_timeline(ImVec2(0, 0), ImVec2(1200, 800), scene.model, scene.view, 1.0f, 40.0f);
  DrawRequest request;
  request.first_task = scene.layout.first_visible_task();
  request.task_count = scene.layout.visible_task_count();
  scene.items = prepare_draw_items(scene.model, scene.layout.window(scene.view), request);
  return scene;
}

bool mentions(const Tooltip& tip, std::string_view text) {
  if (tip.title.find(text) != std::string::npos) return true;
  return std::any_of(tip.lines.begin(), tip.lines.end(), [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("pointing at a poll names its task, worker, time, waker and source line", "[timeline]") {
  const Trace trace = lesson_trace("sequential-vs-join");
  // Around the second poll, at 1000 ms: 5 µs long.
  Scene scene = scene_for(trace, 1e9 - 2000, 1e9 + 8000);
  const float y = scene.layout.thread_row_top(0) + scene.layout.thread_lane_height * 0.3f;
  const float x = scene.layout.plot.min.x + scene.layout.window(scene.view).x_of(1e9 + 2500);
  const HoverTarget hover = hit_test(scene.model, scene.items, scene.layout, ImVec2(x, y));
  REQUIRE(hover.kind == HoverKind::Span);
  CHECK(hover.task == 1);
  const Tooltip tip = describe(scene.model, hover);
  CHECK(mentions(tip, "'main' (task 1)"));
  CHECK(mentions(tip, "poll on worker 0 at 1 s, for 5 \xC2\xB5s"));
  CHECK(mentions(tip, "woken by timer 1 firing (timer driver)"));
  CHECK(mentions(tip, "sequential_vs_join.cpp:"));
}

TEST_CASE("pointing at a blocking section says what blocked, for how long, and where", "[timeline]") {
  const Trace trace = lesson_trace("blocking-executor");
  Scene scene = scene_for(trace, 0, 600e6);
  const float y = scene.layout.thread_row_top(0) + scene.layout.thread_lane_height * 0.7f;
  const float x = scene.layout.plot.min.x + scene.layout.window(scene.view).x_of(500e6);
  const HoverTarget hover = hit_test(scene.model, scene.items, scene.layout, ImVec2(x, y));
  REQUIRE(hover.kind == HoverKind::Overlay);
  const Tooltip tip = describe(scene.model, hover);
  CHECK(tip.title == "block_thread 100 ms");
  CHECK(mentions(tip, "nothing else can run on this worker"));
  CHECK(mentions(tip, "blocking_executor.cpp:"));
}

TEST_CASE("pointing at a task lane's label selects that task on click", "[timeline]") {
  const Trace trace = lesson_trace("sequential-vs-join", {"mode=spawn"});
  Scene scene = scene_for(trace, 0, 1.1e9);
  const float y = scene.layout.task_row_top(2) + 4;
  const HoverTarget hover = hit_test(scene.model, scene.items, scene.layout, ImVec2(scene.layout.gutter.min.x + 10, y));
  CHECK(hover.kind == HoverKind::LaneLabel);
  CHECK(hover.row == RowKind::Task);
  CHECK(hover.task == scene.model.tasks[2].task);
  CHECK(mentions(describe(scene.model, hover), "spawned by 'main' (task 1)"));
}

TEST_CASE("under Reveal a task lane's label says who spawned it, not how it ends", "[timeline]") {
  const Trace trace = lesson_trace("sequential-vs-join", {"mode=spawn"});
  Scene scene = scene_for(trace, 0, 1.1e9);
  const float y = scene.layout.task_row_top(2) + 4;
  const HoverTarget hover = hit_test(scene.model, scene.items, scene.layout, ImVec2(scene.layout.gutter.min.x + 10, y));
  REQUIRE(hover.kind == HoverKind::LaneLabel);
  CHECK(mentions(describe(scene.model, hover), "completed at "));
  const Tooltip hidden = describe(scene.model, hover, true);
  CHECK(mentions(hidden, "spawned by 'main' (task 1)"));
  CHECK_FALSE(mentions(hidden, "completed"));
  CHECK_FALSE(mentions(hidden, " polls, busy "));
}

TEST_CASE("pointing at empty lane space hits nothing", "[timeline]") {
  const Trace trace = lesson_trace("sequential-vs-join");
  Scene scene = scene_for(trace, 0, 2.1e9);
  const float y = scene.layout.thread_row_top(1) + 10;  // worker 1 never polls
  const float x = scene.layout.plot.min.x + 300;
  CHECK(hit_test(scene.model, scene.items, scene.layout, ImVec2(x, y)).kind == HoverKind::None);
}
