// The timeline's preparation step (app/timeline/draw_items.hpp) on work-stealing traces of about
// 10k, 100k and 1M events, at fit-all and zoomed to 100 µs mid-run, 1600 px wide, with the thread
// lanes, a screenful of task lanes and the arrows. Its cost should follow the pixels: fit-all on
// 1M events costs about what it costs on 10k. Building the model (once per trace) is measured too.
// The frame steps (BM_WheelZoomStep, BM_PanStep) are what a wheel notch or a drag costs the timeline
// on the lesson's maximum, 200 000 tasks with every task lane on: the view moves, the lanes are laid
// out (1600x700 px) and the visible rows' draw items prepared.
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "timeline/draw_items.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

using namespace wakeline;
using namespace wakeline::app;

namespace {

constexpr float kWidthPx = 1600;
constexpr std::uint32_t kVisibleTaskLanes = 24;

// work-stealing records about ten events per job.
const Trace& trace_with_jobs(std::int64_t jobs) {
  static std::map<std::int64_t, Trace> traces;
  auto found = traces.find(jobs);
  if (found == traces.end()) {
    const scenarios::Lesson& lesson = *scenarios::find_lesson("work-stealing");
    const auto setup = scenarios::parse_setup(lesson, {{}, {"tasks=" + std::to_string(jobs)}});
    found = traces.emplace(jobs, scenarios::run_lesson(lesson, setup.setup.params, setup.setup.runtime).trace).first;
  }
  return found->second;
}

const TimelineModel& model_with_jobs(std::int64_t jobs) {
  static std::map<std::int64_t, TimelineModel> models;
  auto found = models.find(jobs);
  if (found == models.end()) found = models.emplace(jobs, build_timeline_model(trace_with_jobs(jobs))).first;
  return found->second;
}

void prepare(benchmark::State& state, const TimeWindow& window) {
  const TimelineModel& model = model_with_jobs(state.range(0));
  DrawRequest request;
  request.task_count = kVisibleTaskLanes;
  std::size_t items = 0;
  for (auto _ : state) {
    const DrawItems drawn = prepare_draw_items(model, window, request);
    items = 0;
    for (const RowItems& row : drawn.rows) items += row.spans.size() + row.overlays.size() + row.markers.size();
    items += drawn.arrows.size();
    benchmark::DoNotOptimize(drawn.rows.data());
  }
  state.counters["events"] = static_cast<double>(model.event_count);
  state.counters["items"] = static_cast<double>(items);
}

void BM_PrepareFitAll(benchmark::State& state) {
  const TimelineModel& model = model_with_jobs(state.range(0));
  TimelineView view;
  fit_all(view, model);
  prepare(state, TimeWindow{.start_ns = view.start_ns, .end_ns = view.end_ns, .width_px = kWidthPx});
}

void BM_PrepareDeepZoom(benchmark::State& state) {
  const TimelineModel& model = model_with_jobs(state.range(0));
  const double middle = static_cast<double>(model.run_end_ns) / 2;
  prepare(state, TimeWindow{.start_ns = middle, .end_ns = middle + 100'000, .width_px = kWidthPx});
}

void BM_BuildModel(benchmark::State& state) {
  const Trace& trace = trace_with_jobs(state.range(0));
  for (auto _ : state) {
    TimelineModel model = build_timeline_model(trace);
    benchmark::DoNotOptimize(model.threads.data());
  }
  state.counters["events"] = static_cast<double>(trace.events.size());
}

// One frame of the timeline after the view moved: layout (every task lane on), then the draw items
// of the thread lanes and the task lanes in view, as timeline_panel.cpp does.
std::size_t prepare_frame(const TimelineModel& model, const TimelineView& view) {
  const TimelineLayout layout = layout_timeline(ImVec2(0, 0), ImVec2(kWidthPx, 700), model, view, 1.0f, 40.0f);
  DrawRequest request;
  request.first_task = layout.first_visible_task();
  request.task_count = layout.visible_task_count();
  const DrawItems drawn = prepare_draw_items(model, layout.window(view), request);
  benchmark::DoNotOptimize(drawn.rows.data());
  return drawn.rows.size();
}

// Each iteration: one wheel notch (in, anchored at a third of the window), then a frame. Sixteen
// notches in, sixteen out, from fit-all down to about 2 ms across and back.
void BM_WheelZoomStep(benchmark::State& state) {
  const TimelineModel& model = model_with_jobs(state.range(0));
  TimelineView view;
  view.show_task_lanes = true;
  view.scroll_y = 26.0f * 5000;  // somewhere among the task lanes, not at the top
  fit_all(view, model);
  int step = 0;
  std::size_t rows = 0;
  for (auto _ : state) {
    const bool in = (step++ / 16) % 2 == 0;
    const double anchor = view.start_ns + (view.end_ns - view.start_ns) / 3;
    zoom_around(view, model, anchor, wheel_zoom_factor(in ? 1.0f : -1.0f));
    rows = prepare_frame(model, view);
  }
  state.counters["tasks"] = static_cast<double>(model.tasks.size());
  state.counters["rows"] = static_cast<double>(rows);
}

// Each iteration: a drag of 40 px to the right on a window 50 ms wide, then a frame.
void BM_PanStep(benchmark::State& state) {
  const TimelineModel& model = model_with_jobs(state.range(0));
  TimelineView view;
  view.show_task_lanes = true;
  view.scroll_y = 26.0f * 5000;
  view.start_ns = 0;
  view.end_ns = 50e6;
  const double step_ns = 40 * (view.end_ns - view.start_ns) / kWidthPx;
  double direction = 1;
  for (auto _ : state) {
    if (view.end_ns + step_ns > static_cast<double>(model.run_end_ns) || view.start_ns - step_ns < 0) direction = -direction;
    pan_by(view, model, direction * step_ns);
    benchmark::DoNotOptimize(prepare_frame(model, view));
  }
  state.counters["tasks"] = static_cast<double>(model.tasks.size());
}

}  // namespace

// 1,000 / 10,000 / 100,000 jobs: about 10k, 100k and 1M events.
BENCHMARK(BM_PrepareFitAll)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PrepareDeepZoom)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildModel)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
// The lesson's maximum, 200,000 jobs (about 2.2M events), with every task lane on.
BENCHMARK(BM_WheelZoomStep)->Arg(200000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PanStep)->Arg(200000)->Unit(benchmark::kMicrosecond);
