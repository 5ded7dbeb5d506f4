// Trace I/O on a work-stealing trace of about a million events (tasks=100000, virtual clock), or
// on the trace file WAKELINE_BENCH_TRACE names (scripts/bench_trace_files.sh: 10M events): write_chrome, write_native / read_native (JSON) and
// write_binary / read_binary in memory, and what `wakeline export IN --format chrome --out FILE`
// does end to end (read the file, validate, write the file).
// Targets (issue 15): the Chrome export of a 1M-event trace under 0.5 s; binary write and read at
// least 10x faster than JSON at 10M events.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "commands/trace_commands.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/chrome.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/trace_io/trace_file.hpp"

using namespace wakeline;
namespace fs = std::filesystem;

namespace {

const Trace& million_event_trace() {
  static const Trace trace = [] {
    const scenarios::Lesson& lesson = *scenarios::find_lesson("work-stealing");
    if (const char* file = std::getenv("WAKELINE_BENCH_TRACE")) {
      LoadResult loaded = read_trace_file(file);
      if (!loaded.ok()) throw std::runtime_error(loaded.error);
      return std::move(*loaded.trace);
    }
    const auto setup = scenarios::parse_setup(lesson, {{}, {"tasks=100000", "clock=virtual"}});
    return scenarios::run_lesson(lesson, setup.setup.params, setup.setup.runtime).trace;
  }();
  return trace;
}

const std::string& native_text() {
  static const std::string text = write_native(million_event_trace());
  return text;
}

const std::string& binary_file() {
  static const std::string bytes = write_binary(million_event_trace());
  return bytes;
}

void report_size(benchmark::State& state, std::size_t bytes) {
  state.counters["events"] = static_cast<double>(million_event_trace().events.size());
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_WriteChrome(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = write_chrome(million_event_trace());
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  report_size(state, bytes);
}

void BM_WriteNative(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = write_native(million_event_trace());
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  report_size(state, bytes);
}

void BM_ReadNative(benchmark::State& state) {
  const std::string& text = native_text();
  for (auto _ : state) {
    const LoadResult loaded = read_native(text);
    if (!loaded.ok()) {
      state.SkipWithError(loaded.error.c_str());
      break;
    }
    benchmark::DoNotOptimize(loaded.trace->events.data());
  }
  report_size(state, text.size());
}

void BM_WriteBinary(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string file = write_binary(million_event_trace());
    bytes = file.size();
    benchmark::DoNotOptimize(file.data());
  }
  report_size(state, bytes);
  state.counters["bytes_per_event"] = static_cast<double>(bytes) / static_cast<double>(million_event_trace().events.size());
}

void BM_ReadBinary(benchmark::State& state) {
  const std::string& file = binary_file();
  for (auto _ : state) {
    const LoadResult loaded = read_binary(file);
    if (!loaded.ok()) {
      state.SkipWithError(loaded.error.c_str());
      break;
    }
    benchmark::DoNotOptimize(loaded.trace->events.data());
  }
  report_size(state, file.size());
}

// `wakeline export IN --format chrome --out FILE`: read_native_file, validate, write_chrome to a file.
void BM_ExportCommandToChrome(benchmark::State& state) {
  const fs::path dir = fs::temp_directory_path() / ("wakeline_trace_export_bench_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path in = dir / "in.wakeline.json", out = dir / "out.json";
  std::ofstream(in, std::ios::binary) << native_text();
  app::CliOptions options;
  options.action = app::Action::Export;
  options.trace_in = in.string();
  options.trace_out = out.string();
  options.trace_format = app::TraceFormat::Chrome;
  for (auto _ : state) {
    std::ostringstream said, errors;
    if (app::run_export_command(options, said, errors) != app::kExitOk) {
      state.SkipWithError(errors.str().c_str());
      break;
    }
  }
  report_size(state, fs::exists(out) ? fs::file_size(out) : 0);
  fs::remove_all(dir);
}

// Each repetition is one call, timed by the wall clock (the export command writes a file); the
// median of five is what docs/benchmarks.md quotes.
void one_call_five_times(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();
}

}  // namespace

BENCHMARK(BM_WriteChrome)->Apply(one_call_five_times);
BENCHMARK(BM_WriteNative)->Apply(one_call_five_times);
BENCHMARK(BM_ReadNative)->Apply(one_call_five_times);
BENCHMARK(BM_WriteBinary)->Apply(one_call_five_times);
BENCHMARK(BM_ReadBinary)->Apply(one_call_five_times);
BENCHMARK(BM_ExportCommandToChrome)->Apply(one_call_five_times);
