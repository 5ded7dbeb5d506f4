// Lesson: blocking the executor.
//
// Ten futures, joined in one task on a single worker; future t sleeps t x 10 ms. With an OS
// sleep the worker itself is asleep, so the sleeps happen one after another. With the runtime's
// sleep, or with the OS sleep moved to the blocking pool, they overlap.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/join.hpp"
#include "wakeline/pitfalls.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;

Task<> sleepy_future(int t, Millis duration, std::string mode) {
  if (mode == "thread_sleep") {
    // The pitfall: an OS sleep inside async code. The worker thread is frozen; no other future
    // on it can be polled until this returns.
    block_thread(duration);
  } else if (mode == "async_sleep") {
    // The task waits on the timer driver and hands the worker back meanwhile.
    co_await sleep(duration);
  } else {
    // Still an OS sleep, but on a blocking-pool thread; this future only awaits its handle.
    (void)co_await spawn_blocking([duration] { block_thread(duration); }, "sleep " + std::to_string(t));
  }
  print("future ", t, " slept for ", duration.count(), " ms, finished after ", elapsed_ms(), " ms");
}

Task<> lesson_main(std::string mode, int futures, Millis step) {
  std::vector<Task<>> all;
  for (int t = 1; t <= futures; ++t) all.push_back(sleepy_future(t, step * t, mode));
  co_await join_all(std::move(all));
  print("all ", futures, " futures finished after ", elapsed_ms(), " ms");
}

}  // namespace

Lesson blocking_executor_lesson() {
  return Lesson{
      .id = "blocking-executor",
      .title = "Blocking the executor: thread sleep vs async sleep",
      .explanation =
          "All the futures are branches of one task, joined with join_all, on a current_thread runtime "
          "with a single worker. "
          "With thread_sleep each future freezes the worker with an OS sleep: the worker lane shows one "
          "long blocked span after another, and the total is the sum of all sleeps (550 ms by default). "
          "With async_sleep every future sets a timer and returns Pending, so all the waits overlap and "
          "the total is the longest single sleep (100 ms). "
          "With spawn_blocking the same OS sleeps run on blocking-pool lanes of their own, in parallel, "
          "and the worker stays free: again about 100 ms. "
          "Compare the 'finished after' times in the output: in thread_sleep mode they add up.",
      .params = {
          choice_param("mode", {"thread_sleep", "async_sleep", "spawn_blocking"}, "thread_sleep",
                       "how each future sleeps"),
          int_param("futures", 1, 1000, 10, "", "how many futures are joined"),
          int_param("step_ms", 1, 10000, 10, "ms", "future t sleeps t x step_ms"),
      },
      .variants = {
          {"thread_sleep", "OS sleep on the worker (blocks)", {{"mode", "thread_sleep"}}},
          {"async_sleep", "The runtime's sleep", {{"mode", "async_sleep"}}},
          {"spawn_blocking", "OS sleep on the blocking pool", {{"mode", "spawn_blocking"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::CurrentThread,
      .default_workers = 2,
      .source_text = lesson_source("blocking_executor.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(p.choice("mode"), static_cast<int>(p.integer("futures")), Millis(p.integer("step_ms")));
          },
  };
}

}  // namespace wakeline::scenarios
