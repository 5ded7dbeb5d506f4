// Lesson: work stealing.
//
// One task spawns many small CPU-bound tasks. They all land in the run queue of the worker that
// spawned them (its LIFO slot and local queue, spilling to the inject queue when full), yet soon
// every worker is busy: idle workers steal half of a busy worker's queue.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/pitfalls.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

namespace wakeline::scenarios {
namespace {

using Micros = std::chrono::microseconds;

Task<> small_job(Micros work) {
  cpu_work(work);  // a little computation, no await: each job is exactly one poll
  co_return;
}

Task<> lesson_main(int tasks, Micros work) {
  print("spawning ", tasks, " tasks of ", work.count(), " us of work each");
  std::vector<JoinHandle<void>> handles;
  handles.reserve(static_cast<std::size_t>(tasks));
  for (int i = 1; i <= tasks; ++i) handles.push_back(spawn(small_job(work), "job " + std::to_string(i)));
  for (auto& handle : handles) (void)co_await std::move(handle);
  const auto elapsed_us = std::chrono::duration_cast<Micros>(now()).count();
  print("all ", tasks, " tasks done after ", elapsed_us, " us");
}

}  // namespace

Lesson work_stealing_lesson() {
  return Lesson{
      .id = "work-stealing",
      .title = "Work stealing across workers",
      .explanation =
          "Main spawns all the jobs from one worker, so at first every job sits in that worker's queues: "
          "one in its LIFO slot, up to 256 in its local queue, and, past that, half of the local queue "
          "moves to the shared inject queue each time it overflows. "
          "The other workers wake up with nothing of their own to do: they take jobs from the inject "
          "queue, and steal half of the busy worker's local queue (TaskStolen events). "
          "With 200 jobs everything fits in the local queue and stealing does all the spreading; with "
          "1000 most jobs travel through the inject queue instead. "
          "With 4 workers the jobs finish in about a quarter of the time one worker would need. "
          "Switch to current_thread to see the same jobs with nobody to steal them.",
      .params = {
          int_param("tasks", 1, 1000000, 1000, "", "how many small tasks main spawns"),
          int_param("work_us", 1, 1000000, 50, "us", "how long each task computes"),
      },
      .variants = {
          {"four-workers", "multi_thread, 4 workers", {{"flavor", "multi_thread"}, {"workers", "4"}}},
          {"two-workers", "multi_thread, 2 workers", {{"flavor", "multi_thread"}, {"workers", "2"}}},
          {"one-worker", "current_thread: nobody to steal", {{"flavor", "current_thread"}}},
      },
      .flavors = {Flavor::MultiThread, Flavor::CurrentThread},
      .default_flavor = Flavor::MultiThread,
      .default_workers = 4,
      .source_text = lesson_source("work_stealing.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(static_cast<int>(p.integer("tasks")), Micros(p.integer("work_us")));
          },
  };
}

}  // namespace wakeline::scenarios
