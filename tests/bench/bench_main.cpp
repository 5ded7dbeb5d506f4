// The main of every benchmark binary: Google Benchmark's, after one tiny real-clock run so the
// runtime's one-time TSC calibration (a 20 ms sleep, once per process) lands in no measurement.
#include <benchmark/benchmark.h>

#include "bench_support.hpp"

namespace {
wakeline::Task<std::uint64_t> nothing() { co_return 0; }
}  // namespace

int main(int argc, char** argv) {
  (void)wakeline::bench::measure(wakeline::bench::current_thread(false), nothing());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
