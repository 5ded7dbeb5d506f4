// The timeline's preparation step (app/timeline/draw_items.hpp) on work-stealing traces of about
// 10k, 100k and 1M events, at fit-all and zoomed to 100 µs mid-run, 1600 px wide, with the thread
// lanes, a screenful of task lanes and the arrows. Its cost should follow the pixels: fit-all on
// 1M events costs about what it costs on 10k. Building the model (once per trace) is measured too.
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "timeline/draw_items.hpp"
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

}  // namespace

// 1,000 / 10,000 / 100,000 jobs: about 10k, 100k and 1M events.
BENCHMARK(BM_PrepareFitAll)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PrepareDeepZoom)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildModel)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
