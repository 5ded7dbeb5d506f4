// Lesson: I/O-bound fetches followed by CPU-heavy analysis, and where that analysis should run.
//
// Ten datasets are fetched concurrently (one task each); each is then analysed by counting the
// ones and zeros in its bytes, which takes cpu_ms of pure computation. Done inline, the analysis
// occupies a worker; moved to the blocking pool with spawn_blocking, it leaves the workers free.
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/pitfalls.hpp"
#include "wakeline/spawn.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;

struct BitCounts {
  std::uint64_t ones = 0;
  std::uint64_t zeros = 0;
};

// The CPU-heavy part. cpu_work stands for the long computation: the thread running it can do
// nothing else meanwhile.
BitCounts analyze(const std::string& body, Millis cpu_time) {
  cpu_work(cpu_time);
  BitCounts counts;
  for (unsigned char byte : body) {
    counts.ones += static_cast<std::uint64_t>(std::popcount(byte));
    counts.zeros += 8 - static_cast<std::uint64_t>(std::popcount(byte));
  }
  return counts;
}

Task<BitCounts> get_and_analyze(int n, Millis latency, Millis cpu_time, bool on_blocking_pool) {
  auto body = co_await fake_fetch("https://data.example.com/set/" + std::to_string(n), latency, 4096);
  print("dataset ", n, " arrived at ", elapsed_ms(), " ms");
  BitCounts counts;
  if (on_blocking_pool) {
    // The analysis runs on a blocking-pool thread; this task waits for it without holding a worker.
    auto job = spawn_blocking([body, cpu_time] { return analyze(body, cpu_time); }, "analyze " + std::to_string(n));
    counts = (co_await std::move(job)).value();
  } else {
    counts = analyze(body, cpu_time);  // right here, on the worker: nothing else runs on it meanwhile
  }
  print("processed dataset ", n, " at ", elapsed_ms(), " ms");
  co_return counts;
}

Task<> lesson_main(int datasets, Millis latency, Millis cpu_time, bool on_blocking_pool) {
  std::vector<JoinHandle<BitCounts>> tasks;
  for (int n = 1; n <= datasets; ++n)
    tasks.push_back(spawn(get_and_analyze(n, latency, cpu_time, on_blocking_pool), "dataset " + std::to_string(n)));

  BitCounts total;
  for (auto& task : tasks) {
    auto counts = (co_await std::move(task)).value();
    total.ones += counts.ones;
    total.zeros += counts.zeros;
  }
  const double ratio = static_cast<double>(total.ones) / static_cast<double>(total.zeros);
  print("ratio of ones to zeros: ", std::round(ratio * 100) / 100, ", after ", elapsed_ms(), " ms");
}

}  // namespace

Lesson spawn_blocking_analysis_lesson() {
  return Lesson{
      .id = "spawn-blocking-analysis",
      .title = "CPU work after I/O: spawn_blocking vs inline",
      .explanation =
          "Every dataset task waits on its fetch first; those waits overlap, so all the data arrives "
          "after about one latency. "
          "Then each task analyses its data for cpu_ms. "
          "In blocking_pool mode that work goes to blocking-pool lanes, which run side by side, and the "
          "whole run takes about latency + cpu_ms. "
          "In inline mode the analysis runs on the worker that polled the task: watch the worker lanes "
          "fill with blocked spans while finished fetches wait in the run queues for a free worker. "
          "With 2 workers that makes the run take about latency + datasets x cpu_ms / 2. "
          "By default the virtual clock gives every thread a CPU core of its own, as if ten lanes had ten cores. "
          "With the runtime setting cores=2 they share two cores as the OS would, so the ten analyses take "
          "about 10 x cpu_ms / 2 and finish together, as on Tokio on a 2-core machine: the blocking pool frees "
          "the workers, it does not add cores.",
      .params = {
          choice_param("mode", {"blocking_pool", "inline"}, "blocking_pool", "where the CPU-heavy analysis runs"),
          int_param("datasets", 1, 1000, 10, "", "how many datasets are fetched and analysed"),
          int_param("latency_ms", 1, 60000, 1000, "ms", "how long each fetch takes"),
          int_param("cpu_ms", 0, 10000, 200, "ms", "how long each analysis computes"),
      },
      .variants = {
          {"blocking_pool", "Analysis on the blocking pool", {{"mode", "blocking_pool"}}},
          {"inline", "Analysis inline on the workers", {{"mode", "inline"}}},
          {"inline-one-worker", "Inline, on current_thread", {{"mode", "inline"}, {"flavor", "current_thread"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::MultiThread,
      .default_workers = 2,
      .source_text = lesson_source("spawn_blocking_analysis.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(static_cast<int>(p.integer("datasets")), Millis(p.integer("latency_ms")),
                               Millis(p.integer("cpu_ms")), p.choice("mode") == "blocking_pool");
          },
  };
}

}  // namespace wakeline::scenarios
