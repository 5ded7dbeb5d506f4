// RuntimeOptions::cores: on the virtual clock, threads inside cpu_work share the cores; on the
// real clock, cpu_work(d) is d of the thread's own CPU time.
#include <catch2/catch.hpp>

#include <time.h>

#include <vector>

#include "test_support.hpp"
#include "wakeline/join.hpp"
#include "wakeline/pitfalls.hpp"
#include "wakeline/spawn.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

// The spawn_blocking lesson's shape: `jobs` blocking-pool jobs of `cpu` computation each.
Task<> blocking_jobs(int jobs, std::chrono::milliseconds cpu) {
  std::vector<JoinHandle<void>> handles;
  for (int i = 0; i < jobs; ++i) handles.push_back(spawn_blocking([cpu] { cpu_work(cpu); }, "job"));
  for (auto& h : handles) (void)co_await std::move(h);
}

RuntimeOptions on_cores(std::uint32_t cores, RuntimeOptions o = {}) {
  o.cores = cores;
  return o;
}

std::vector<std::uint64_t> blocking_ends(const Trace& trace) {
  std::vector<std::uint64_t> ends;
  for (const auto& e : trace.events)
    if (e.kind == EventKind::BlockingEnd) ends.push_back(e.time_ns);
  return ends;
}

std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

TEST_CASE("ten 100 ms blocking jobs take 100 ms with a core each (the default)", "[cores]") {
  auto result = checked_run(RuntimeOptions{}, blocking_jobs(10, 100ms));
  REQUIRE(result.report.total_ns >= 100 * kMs);
  REQUIRE(result.report.total_ns < 101 * kMs);
}

TEST_CASE("ten 100 ms blocking jobs on 2 cores take 500 ms, all ending together", "[cores]") {
  // 1000 ms of CPU work on 2 cores: 500 ms. Shared, not queued: every job is slowed to 1/5 of
  // full speed while all ten run, so none ends before about 500 ms.
  auto result = checked_run(on_cores(2), blocking_jobs(10, 100ms));
  REQUIRE(result.report.total_ns >= 500 * kMs);
  REQUIRE(result.report.total_ns < 501 * kMs);
  auto ends = blocking_ends(result.report.trace);
  REQUIRE(ends.size() == 10);
  for (auto end : ends) CHECK(end >= 499 * kMs);
}

TEST_CASE("on 1 core, ten 100 ms jobs take 1000 ms, on 16 cores 100 ms", "[cores]") {
  CHECK(checked_run(on_cores(1), blocking_jobs(10, 100ms)).report.total_ns / kMs == 1000);
  CHECK(checked_run(on_cores(16), blocking_jobs(10, 100ms)).report.total_ns / kMs == 100);
}

TEST_CASE("a job that starts later gets its share once it starts: 100 ms, then two share one core", "[cores]") {
  auto body = []() -> Task<> {
    auto first = spawn_blocking([] { cpu_work(100ms); }, "first");
    co_await sleep(50ms);
    auto second = spawn_blocking([] { cpu_work(100ms); }, "second");
    (void)co_await std::move(first);
    (void)co_await std::move(second);
  };
  // first alone for 50 ms (50 done), then both at half speed: first's last 50 take 100 ms (ends
  // at 150), second then has 50 left alone (ends at 200).
  auto result = checked_run(on_cores(1), body());
  auto ends = blocking_ends(result.report.trace);
  REQUIRE(ends.size() == 2);
  CHECK(ends[0] / kMs == 150);
  CHECK(ends[1] / kMs == 200);
}

TEST_CASE("inline cpu_work on two workers shares one core: 2 x 100 ms take 200 ms", "[cores]") {
  auto body = []() -> Task<> {
    auto work = []() -> Task<> {
      cpu_work(100ms);
      co_return;
    };
    auto a = spawn(work(), "a");
    auto b = spawn(work(), "b");
    (void)co_await std::move(a);
    (void)co_await std::move(b);
  };
  auto one_core = checked_run(on_cores(1, multi_thread(2)), body());
  CHECK(one_core.report.total_ns >= 200 * kMs);
  CHECK(one_core.report.total_ns < 201 * kMs);
  auto two_cores = checked_run(on_cores(2, multi_thread(2)), body());
  CHECK(two_cores.report.total_ns >= 100 * kMs);
  CHECK(two_cores.report.total_ns < 101 * kMs);
}

TEST_CASE("workers and blocking jobs share the same cores", "[cores]") {
  auto body = []() -> Task<> {
    auto job = spawn_blocking([] { cpu_work(100ms); }, "job");
    cpu_work(100ms);  // on the worker, beside the job: two threads, one core
    (void)co_await std::move(job);
  };
  auto result = checked_run(on_cores(1), body());
  CHECK(result.report.total_ns >= 200 * kMs);
  CHECK(result.report.total_ns < 201 * kMs);
}

TEST_CASE("sharing the cores is deterministic: same seed, same trace", "[cores]") {
  auto a = checked_run(on_cores(3, multi_thread(2)), blocking_jobs(7, 30ms));
  auto b = checked_run(on_cores(3, multi_thread(2)), blocking_jobs(7, 30ms));
  REQUIRE(a.report.trace == b.report.trace);
}

TEST_CASE("a run that ends while blocking jobs still compute on shared cores ends cleanly", "[cores]") {
  auto body = []() -> Task<> {
    auto job = spawn_blocking([] { cpu_work(1000ms); }, "long job");
    co_await sleep(10ms);  // main returns while the job is still computing
  };
  auto result = checked_run(on_cores(1), body());
  REQUIRE(result.main.has_value());
  CHECK(result.report.total_ns < 20 * kMs);
}

TEST_CASE("cores is refused on the real clock and above 1024", "[cores][options]") {
  RuntimeOptions real = on_cores(2);
  real.clock = ClockKind::Real;
  CHECK_THAT(check_options(real), Catch::Contains("real clock runs on the machine's own cores"));
  CHECK_THAT(check_options(on_cores(5000)), Catch::Contains("allowed: 0 (unlimited) to 1024"));
}

TEST_CASE("real clock: cpu_work(d) is d of the thread's own CPU time", "[cores][real]") {
  auto body = []() -> Task<std::int64_t> {
    auto job = spawn_blocking([] {
      const std::int64_t before = thread_cpu_ns();
      cpu_work(5ms);
      return thread_cpu_ns() - before;
    });
    co_return (co_await std::move(job)).value();
  };
  auto result = checked_run(multi_thread(2, ClockKind::Real), body());
  CHECK(result.main->value() >= 5'000'000);
  CHECK(result.report.total_ns >= 5 * kMs);
}
