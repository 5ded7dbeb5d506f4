// What a script lesson costs over its C++ twin: the whole run_lesson() wall time (simulation and
// trace merge) of channel-ping-pong with rounds=100000 and work-stealing with tasks=100000 on the
// virtual clock, the built-in lesson beside its script in assets/lessons. Target: the script
// within 3x of the C++ run. Figures: docs/benchmarks.md.
#include <chrono>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/scenarios/script_lesson.hpp"

using namespace wakeline;
using namespace wakeline::scenarios;

namespace {

const Lesson& script_lesson(const std::string& file) {
  static std::vector<std::pair<std::string, Lesson>> loaded;
  for (auto& [name, lesson] : loaded)
    if (name == file) return lesson;
  auto load = load_script_lesson_file(std::string(WAKELINE_LESSONS_DIR) + "/" + file);
  if (!load.ok()) throw std::runtime_error(load.error);
  loaded.emplace_back(file, std::move(*load.lesson));
  return loaded.back().second;
}

void BM_Lesson(benchmark::State& state, std::string id, std::string script, std::string setting) {
  const Lesson& lesson = script.empty() ? *find_lesson(id) : script_lesson(script);
  const SetupParse setup = parse_setup(lesson, SetupRequest{{}, {setting}});
  if (!setup.ok()) {
    state.SkipWithError(setup.error.c_str());
    return;
  }
  for (auto _ : state) {
    const auto start = bench::Clock::now();
    RunReport report = run_lesson(lesson, setup.setup.params, setup.setup.runtime);
    state.SetIterationTime(static_cast<double>(bench::ns_since(start)) * 1e-9);
    if (!report.fault.empty()) state.SkipWithError(report.fault.c_str());
    benchmark::DoNotOptimize(report.total_ns);
  }
}

}  // namespace

BENCHMARK_CAPTURE(BM_Lesson, channel_ping_pong/cpp, "channel-ping-pong", "", "rounds=100000")->Apply([](auto* b) { bench::heavy(b, 1); });
BENCHMARK_CAPTURE(BM_Lesson, channel_ping_pong/script, "", "channel_ping_pong.lua", "rounds=100000")->Apply([](auto* b) { bench::heavy(b, 1); });
BENCHMARK_CAPTURE(BM_Lesson, work_stealing/cpp, "work-stealing", "", "tasks=100000")->Apply([](auto* b) { bench::heavy(b, 1); });
BENCHMARK_CAPTURE(BM_Lesson, work_stealing/script, "", "work_stealing.lua", "tasks=100000")->Apply([](auto* b) { bench::heavy(b, 1); });
