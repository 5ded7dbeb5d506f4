// Lesson: futures are lazy.
//
// Calling a coroutine function creates the future and runs none of its body: it is suspended
// before its first line until someone awaits it. spawn, by contrast, hands the future to the
// scheduler, which starts polling it right away.
#include <chrono>
#include <string>
#include <utility>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;

Task<std::string> fetch_greeting(Millis latency) {
  print("fetch_greeting starts running at ", elapsed_ms(), " ms");
  auto body = co_await fake_fetch("https://hello.example.com", latency, 16);
  print("fetch_greeting has its answer at ", elapsed_ms(), " ms");
  co_return body;
}

Task<> lazy(Millis delay, Millis latency) {
  auto greeting = fetch_greeting(latency);  // creates the future: nothing inside it runs yet
  print("future created at ", elapsed_ms(), " ms; waiting ", delay.count(), " ms before awaiting it");
  co_await sleep(delay);
  print("awaiting it at ", elapsed_ms(), " ms");
  auto body = co_await std::move(greeting);  // only now does fetch_greeting start
  print("got '", body, "' after ", elapsed_ms(), " ms");
}

Task<> spawned(Millis delay, Millis latency) {
  auto handle = spawn(fetch_greeting(latency), "fetch_greeting");  // scheduled: it starts at once
  print("task spawned at ", elapsed_ms(), " ms; waiting ", delay.count(), " ms before awaiting it");
  co_await sleep(delay);
  print("awaiting it at ", elapsed_ms(), " ms");
  auto body = (co_await std::move(handle)).value();
  print("got '", body, "' after ", elapsed_ms(), " ms");
}

Task<> lesson_main(std::string mode, Millis delay, Millis latency) {
  if (mode == "lazy") co_await lazy(delay, latency);
  else co_await spawned(delay, latency);
}

}  // namespace

Lesson lazy_future_lesson() {
  return Lesson{
      .id = "lazy-future",
      .title = "Futures are lazy until awaited",
      .explanation =
          "In lazy mode main creates the fetch_greeting future, sleeps for delay_ms, and only then "
          "awaits it. "
          "Read the output order: 'starts running' comes after 'awaiting it', not when the future was "
          "created. "
          "On the timeline nothing happens for the fetch during the delay: no poll, no timer; its timer "
          "is set only after main's own sleep has ended, so the total is delay + fetch time. "
          "In spawn mode the future becomes a task and the scheduler polls it at once, so the fetch "
          "overlaps main's sleep and the total is the longer of the two.",
      .params = {
          choice_param("mode", {"lazy", "spawn"}, "lazy", "keep the future, or spawn it as a task"),
          int_param("delay_ms", 0, 60000, 500, "ms", "how long main waits before awaiting"),
          int_param("fetch_ms", 1, 60000, 100, "ms", "how long the fetch takes once it runs"),
      },
      .variants = {
          {"lazy", "Created, awaited later", {{"mode", "lazy"}}},
          {"spawn", "Spawned: starts at once", {{"mode", "spawn"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::CurrentThread,
      .default_workers = 2,
      .source_text = lesson_source("lazy_future.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(p.choice("mode"), Millis(p.integer("delay_ms")), Millis(p.integer("fetch_ms")));
          },
  };
}

}  // namespace wakeline::scenarios
