// The whole panel driven through ImGui without a window: real mouse and keyboard input, the same
// frame the app draws (no GPU: ImGui only builds its draw lists).
#include <imgui.h>

#include <GLFW/glfw3.h>

#include <cmath>
#include <functional>

#include "imgui_harness.hpp"
#include "panels/theme.hpp"
#include "panels/timeline_panel.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"
#include "timeline_lesson_traces.hpp"

using namespace timeline_tests;

namespace {

constexpr float kWidth = 1200, kHeight = 700;

// One ImGui context, the app's theme and fonts, and a panel filling the display.
class PanelHarness {
 public:

  // One frame; `input` sets the mouse and keys before it. Returns the vertices ImGui drew.
  int frame(const Trace* trace, TimelineView& view, const std::function<void(ImGuiIO&)>& input = {},
            float height = kHeight) {
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheel = 0;
    if (input) input(io);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(kWidth, height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("Timeline", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    origin_ = ImGui::GetCursorScreenPos();
    draw_timeline_panel(trace, view, imgui_.fonts(), 1.0f);
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::Render();
    return ImGui::GetDrawData()->TotalVtxCount;
  }

  // The layout the panel used (for where to point).
  TimelineLayout layout(const TimelineView& view) const {
    const std::vector<LegendEntry> legend = legend_entries(*view.model, view.show_task_lanes, view.show_arrows);
    return layout_timeline(origin_, ImVec2(kWidth, kHeight), *view.model, view, 1.0f,
                           legend_height(legend, kWidth, imgui_.fonts(), 1.0f));
  }

  const ThemeFonts& fonts() const { return imgui_.fonts(); }

  void click(const Trace& trace, TimelineView& view, ImVec2 at) {
    frame(&trace, view, [&](ImGuiIO& io) { io.MousePos = at; });
    frame(&trace, view, [&](ImGuiIO& io) { io.MouseDown[0] = true; });
    frame(&trace, view, [&](ImGuiIO& io) { io.MouseDown[0] = false; });
  }

 private:
  testing::ImGuiHarness imgui_{ImVec2(kWidth, kHeight)};
  ImVec2 origin_;
};

}  // namespace

TEST_CASE("the panel draws the empty state without a trace", "[timeline]") {
  PanelHarness harness;
  TimelineView view;
  CHECK(harness.frame(nullptr, view) > 0);
  CHECK(view.model == nullptr);
}

TEST_CASE("the panel builds the model once, fits the run and draws it", "[timeline]") {
  PanelHarness harness;
  const Trace trace = lesson_trace("sequential-vs-join");
  TimelineView view;
  CHECK(harness.frame(&trace, view) > 0);
  REQUIRE(view.model != nullptr);
  const TimelineModel* built = view.model.get();
  CHECK_FALSE(view.fit_requested);
  CHECK(view.start_ns == 0);
  CHECK(view.end_ns > 2e9);
  harness.frame(&trace, view);
  CHECK(view.model.get() == built);  // same trace: same model
}

TEST_CASE("the view keeps the frame's layout: the plot and every lane's row, as drawn", "[timeline]") {
  PanelHarness harness;
  const Trace trace = lesson_trace("blocking-executor", {"mode=spawn_blocking"});
  TimelineView view;
  harness.frame(&trace, view);
  const TimelineLayout layout = harness.layout(view);
  const TimelineFrameLayout& drawn = view.last_layout;
  REQUIRE(drawn.drawn);
  CHECK(drawn.plot.x == layout.plot.min.x);
  CHECK(drawn.plot.y == layout.plot.min.y);
  CHECK(drawn.plot.width == layout.plot.width());
  CHECK(drawn.plot.height == layout.plot.height());
  REQUIRE(drawn.thread_rows.size() == view.model->threads.size());
  REQUIRE(drawn.task_lane_count == view.model->tasks.size());
  CHECK(drawn.thread_rows[1].y == layout.thread_row_top(1));
  CHECK(drawn.task_row(layout.task_count - 1).y == layout.task_row_top(layout.task_count - 1));
  CHECK(drawn.task_row(layout.task_count - 1).height == layout.task_lane_height);
  CHECK(drawn.first_visible_task == layout.first_visible_task());
  CHECK(drawn.visible_task_count == layout.visible_task_count());

  harness.frame(nullptr, view);
  CHECK_FALSE(view.last_layout.drawn);
}

TEST_CASE("a live run stays fitted as it grows until the user zooms, Follow fits it again, the selection stays", "[timeline]") {
  PanelHarness harness;
  const Trace full = lesson_trace("sequential-vs-join");
  Trace early = full;  // a snapshot from halfway through the run
  early.events.resize(full.events.size() / 2);
  early.run.total_ns = 0;  // not known until the run ends
  TimelineView view;
  harness.frame(&early, view);
  REQUIRE(view.follow_run);
  const double early_end = view.end_ns;
  const TaskId task = view.model->tasks.back().task;
  view.selected_task = task;

  harness.frame(&full, view);  // the next snapshot
  CHECK(view.end_ns > early_end);
  CHECK(view.selected_task == task);

  // Zoom in: the next snapshot keeps the user's window.
  const TimelineLayout layout = harness.layout(view);
  harness.frame(&full, view, [&](ImGuiIO& io) { io.MousePos = ImVec2(layout.plot.min.x + 300, layout.plot.min.y + 10); });
  harness.frame(&full, view, [&](ImGuiIO& io) { io.MouseWheel = 2; });
  CHECK_FALSE(view.follow_run);
  const double start = view.start_ns, end = view.end_ns;
  const Trace later = full;
  harness.frame(&later, view);
  CHECK(view.model->built_from(later));
  CHECK(view.start_ns == start);
  CHECK(view.end_ns == end);
  CHECK(view.selected_task == task);

  follow_run(view);  // the toolbar's Follow
  harness.frame(&later, view);
  CHECK(view.follow_run);
  CHECK(view.start_ns == 0);
  CHECK(view.end_ns > 2e9);
}

TEST_CASE("lanes too many for the panel shrink until they all fit, no smaller than their labels need", "[timeline]") {
  PanelHarness harness;
  // Ten blocking lanes and eleven tasks: at full height they would overflow a 700 px panel.
  const Trace trace = lesson_trace("blocking-executor", {"mode=spawn_blocking"});
  TimelineView view;
  harness.frame(&trace, view);
  const TimelineLayout layout = harness.layout(view);
  CHECK(layout.max_scroll() == 0);
  CHECK(layout.task_lane_height < kTaskLaneHeight);
  CHECK(layout.task_lane_height >= kMinTaskLaneHeight);
  CHECK(view.last_layout.visible_task_count == view.last_layout.task_lane_count);
}

TEST_CASE("a task picked elsewhere (the inspector) has its lane scrolled into view, then back up", "[timeline]") {
  PanelHarness harness;
  const Trace trace = lesson_trace("work-stealing");
  TimelineView view;
  harness.frame(&trace, view);
  const TaskId last = view.model->tasks.back().task;
  const TaskId first = view.model->tasks.front().task;
  REQUIRE(harness.layout(view).max_scroll() > 0);  // the lanes do not all fit
  CHECK(view.scroll_y == 0);

  view.scroll_to_task = last;
  harness.frame(&trace, view);
  CHECK(view.scroll_to_task == 0);
  TimelineLayout layout = harness.layout(view);
  const LaneRow row = view.last_layout.task_row(view.last_layout.task_lane_count - 1);
  CHECK(row.y >= layout.plot.min.y);
  CHECK(row.y + row.height <= layout.plot.max.y + 0.5f);
  CHECK(view.scroll_y > 0);

  view.scroll_to_task = first;
  harness.frame(&trace, view);
  layout = harness.layout(view);
  CHECK(view.last_layout.task_row(0).y >= layout.plot.min.y);
  CHECK(view.last_layout.task_row(0).y < layout.plot.max.y);
  CHECK(view.last_layout.first_visible_task == 0);
}

TEST_CASE("a long legend in a narrow panel takes two rows at most, whatever the count", "[timeline]") {
  PanelHarness harness;
  const TimelineModel model = build_timeline_model(lesson_trace("work-stealing"));
  const std::vector<LegendEntry> legend = legend_entries(model, true, true);
  const float wide = legend_height(legend, 4000, harness.fonts(), 1.0f);  // everything on one row
  CHECK(legend_height(legend, 300, harness.fonts(), 1.0f) < wide * 2.0f);
}

TEST_CASE("the wheel zooms around the pointer, over the labels it scrolls instead", "[timeline]") {
  PanelHarness harness;
  const Trace trace = lesson_trace("work-stealing");
  TimelineView view;
  harness.frame(&trace, view);
  const TimelineLayout layout = harness.layout(view);
  const float x = layout.plot.min.x + layout.plot.width() * 0.7f;
  const ImVec2 pointer(x, layout.plot.min.y + 10);
  const double under_pointer = layout.window(view).ns_at(x - layout.plot.min.x);
  const double span_before = view.end_ns - view.start_ns;
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.MousePos = pointer; });
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.MouseWheel = 2; });
  CHECK(view.end_ns - view.start_ns < span_before);
  CHECK(harness.layout(view).window(view).ns_at(x - layout.plot.min.x) == Approx(under_pointer).epsilon(1e-6));

  // Work-stealing's tasks do not fit even at their smallest: the wheel over the labels scrolls.
  const double start = view.start_ns;
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.MousePos = ImVec2(layout.gutter.min.x + 20, layout.gutter.min.y + 50); });
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.MouseWheel = -1; });
  CHECK(view.scroll_y > 0);
  CHECK(view.start_ns == start);
}

TEST_CASE("a click on a poll selects its task, a click on empty space clears the selection", "[timeline]") {
  PanelHarness harness;
  const Trace trace = lesson_trace("channel-ping-pong");
  TimelineView view;
  harness.frame(&trace, view);
  const TimelineLayout layout = harness.layout(view);
  const TimelineModel& model = *view.model;
  const Span& second_poll = model.threads[0].polls.at(1);
  const float x = layout.plot.min.x +
                  layout.window(view).x_of(static_cast<double>(second_poll.start_ns + second_poll.end_ns) / 2);
  harness.click(trace, view, ImVec2(x, layout.thread_row_top(0) + layout.thread_lane_height / 2));
  CHECK(view.selected_task == second_poll.task);

  harness.click(trace, view, ImVec2(x, layout.plot.max.y - 5));  // below every lane
  CHECK(view.selected_task == 0);
}

TEST_CASE("a drag pans, a shift-drag zooms to the range, F fits the run again", "[timeline]") {
  PanelHarness harness;
  const Trace trace = lesson_trace("sequential-vs-join");
  TimelineView view;
  harness.frame(&trace, view);
  TimelineLayout layout = harness.layout(view);
  const float y = layout.thread_row_top(0) + 5;
  const float a = layout.plot.min.x + 200, b = layout.plot.min.x + 400;
  const double a_ns = layout.window(view).ns_at(200), b_ns = layout.window(view).ns_at(400);

  // Shift-drag from a to b.
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.MousePos = ImVec2(a, y); });
  harness.frame(&trace, view, [&](ImGuiIO& io) {
    io.KeyShift = true;
    io.MouseDown[0] = true;
  });
  for (float x = a; x <= b; x += 50) harness.frame(&trace, view, [&](ImGuiIO& io) { io.MousePos = ImVec2(x, y); });
  CHECK(view.selecting);
  harness.frame(&trace, view, [&](ImGuiIO& io) {
    io.MouseDown[0] = false;
    io.KeyShift = false;
  });
  CHECK_FALSE(view.selecting);
  CHECK(view.start_ns == Approx(a_ns).epsilon(1e-6));
  CHECK(view.end_ns == Approx(b_ns).epsilon(1e-6));

  // Drag 100 px to the left: later times come into view, 100 px' worth.
  layout = harness.layout(view);
  const double per_px = layout.window(view).ns_per_px();
  const double start = view.start_ns;
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.MousePos = ImVec2(b, y); });
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.MouseDown[0] = true; });
  for (float x = b - 25; x >= b - 100; x -= 25) harness.frame(&trace, view, [&](ImGuiIO& io) { io.MousePos = ImVec2(x, y); });
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.MouseDown[0] = false; });
  CHECK(view.start_ns - start == Approx(100 * per_px).epsilon(1e-3));

  harness.frame(&trace, view, [&](ImGuiIO& io) { io.KeysDown[GLFW_KEY_F] = true; });
  harness.frame(&trace, view, [&](ImGuiIO& io) { io.KeysDown[GLFW_KEY_F] = false; });
  CHECK(view.start_ns == 0);
  CHECK(view.end_ns > 2e9);
}

TEST_CASE("a panel too short for its lanes, or presentation mode, drops the toolbar row for the lanes", "[timeline]") {
  const Trace trace = lesson_trace("channel-ping-pong");
  PanelHarness harness;
  TimelineView view;
  harness.frame(&trace, view);
  CHECK_FALSE(view.toolbar_hidden);
  CHECK(view.last_layout.toolbar.height > 0);
  const float tall_plot = view.last_layout.plot.height;

  harness.frame(&trace, view, {}, 300.0f);  // beside the side panels at a large UI scale
  CHECK(view.toolbar_hidden);
  CHECK(view.last_layout.toolbar.height == 0);
  const float short_plot = view.last_layout.plot.height;
  CHECK(short_plot > 150.0f);  // the ruler and one legend row take less than half

  view.compact = true;  // presentation mode, whatever the height
  harness.frame(&trace, view);
  CHECK(view.toolbar_hidden);
  CHECK(view.last_layout.plot.height > tall_plot);
}
