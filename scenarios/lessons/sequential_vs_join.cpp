// Lesson: sequential awaits, join, and spawn.
//
// A few requests that each take a second. Awaited one after the other they take a second each,
// because a co_await finishes before the next line starts. join_all drives them all inside one
// task, so their waits overlap. spawn makes each one a task of its own, which any worker may poll.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/join.hpp"
#include "wakeline/spawn.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;

// One simulated HTTP request: the timer driver wakes us after `latency`, as a server would answer.
Task<std::string> request(int n, Millis latency) {
  auto body = co_await fake_fetch("https://api.example.com/items/" + std::to_string(n), latency);
  print("got response ", n, " (", body.size(), " bytes) after ", elapsed_ms(), " ms");
  co_return body;
}

// Each co_await waits for its request to finish before the loop even creates the next one.
Task<> one_after_another(int requests, Millis latency) {
  for (int n = 1; n <= requests; ++n) co_await request(n, latency);
}

// join_all polls every request inside this one task: one lane on the timeline, waits overlapping.
// Like Tokio's join!, each poll starts at the next request in turn: when both timers fire at once,
// request 2 runs first in that poll.
Task<> joined(int requests, Millis latency) {
  std::vector<Task<std::string>> all;
  for (int n = 1; n <= requests; ++n) all.push_back(request(n, latency));
  co_await join_all(std::move(all));
}

// Each request becomes a task of its own, scheduled on the run queues; we await the handles.
Task<> spawned(int requests, Millis latency) {
  std::vector<JoinHandle<std::string>> handles;
  for (int n = 1; n <= requests; ++n)
    handles.push_back(spawn(request(n, latency), "request " + std::to_string(n)));
  for (auto& handle : handles) (void)co_await std::move(handle);
}

Task<> lesson_main(std::string mode, int requests, Millis latency) {
  print(mode, ": ", requests, " requests of ", latency.count(), " ms each");
  if (mode == "sequential") co_await one_after_another(requests, latency);
  else if (mode == "join") co_await joined(requests, latency);
  else co_await spawned(requests, latency);
  print("all done after ", elapsed_ms(), " ms");
}

}  // namespace

Lesson sequential_vs_join_lesson() {
  return Lesson{
      .id = "sequential-vs-join",
      .title = "Sequential awaits vs join vs spawn",
      .explanation =
          "Each request waits on a timer for its latency, as if a server were slow to answer. "
          "In sequential mode the second request is not even created until the first has finished, so "
          "the timeline shows the waits end to end and the total is requests x latency. "
          "In join mode all requests are branches of the main task: their timers are set in the same "
          "poll, the waits overlap, and every poll happens on one worker lane. "
          "In spawn mode each request is its own task lane; on multi_thread they may be polled by "
          "different workers, yet the total is still one latency, because waiting needs no worker at all.",
      .params = {
          choice_param("mode", {"sequential", "join", "spawn"}, "sequential", "how the requests are awaited"),
          int_param("requests", 1, 1000, 2, "", "how many requests"),
          int_param("latency_ms", 1, 60000, 1000, "ms", "how long each request takes to answer"),
      },
      .variants = {
          {"sequential", "One after another", {{"mode", "sequential"}}},
          {"join", "join: overlapping in one task", {{"mode", "join"}}},
          {"spawn", "spawn: one task per request", {{"mode", "spawn"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::MultiThread,
      .default_workers = 2,
      .source_text = lesson_source("sequential_vs_join.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(p.choice("mode"), static_cast<int>(p.integer("requests")),
                               Millis(p.integer("latency_ms")));
          },
  };
}

}  // namespace wakeline::scenarios
