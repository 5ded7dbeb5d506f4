// Lesson: select, the race, and the cancellation it causes.
//
// select runs several futures inside the calling task and returns as soon as the first one
// finishes; the others are dropped right there. Dropping is how async code is cancelled: the
// loser's pending recv (or a timer) simply stops being waited on.
#include <chrono>
#include <string>
#include <utility>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"
#include "wakeline/timeout.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;

// A runner sleeps for its race time, then sends its name over its own channel.
Task<> runner(mpsc::Sender<std::string> finish_line, std::string name, Millis race_time) {
  co_await sleep(race_time);
  print(name, " crosses the finish line at ", elapsed_ms(), " ms");
  (void)co_await finish_line.send(std::move(name));
}

Task<> race(Millis cat_time, Millis dog_time) {
  auto [cat_tx, cat_rx] = mpsc::channel<std::string>(1, "cat");
  auto [dog_tx, dog_rx] = mpsc::channel<std::string>(1, "dog");
  auto cat = spawn(runner(std::move(cat_tx), "cat", cat_time), "cat");
  auto dog = spawn(runner(std::move(dog_tx), "dog", dog_time), "dog");

  // Both recv()s wait inside this task. The first message wins; the other recv is dropped
  // (a FutureDropped event) before it ever takes a message.
  auto first = co_await select(cat_rx.recv(), dog_rx.recv());
  std::string winner = first.index() == 0 ? std::get<0>(first).value_or("?") : std::get<1>(first).value_or("?");
  print("the winner is ", winner, " after ", elapsed_ms(), " ms");
  // Returning ends the run: the runtime cancels the runner still on its way, like Tokio at shutdown.
}

// tokio::time::timeout is a select between the work and a timer.
Task<> fetch_with_deadline(Millis slow_time, Millis deadline) {
  auto body = co_await timeout(deadline, fake_fetch("https://slow-api.example.com", slow_time));
  if (body) print("got ", body->size(), " bytes after ", elapsed_ms(), " ms");
  else print("request timed out after ", elapsed_ms(), " ms");
}

Task<> lesson_main(std::string mode, Millis cat_time, Millis dog_time, Millis slow_time, Millis deadline) {
  if (mode == "race") co_await race(cat_time, dog_time);
  else co_await fetch_with_deadline(slow_time, deadline);
}

}  // namespace

Lesson select_race_lesson() {
  return Lesson{
      .id = "select-race",
      .title = "select: first one wins, the rest are cancelled",
      .explanation =
          "In race mode two spawned runners, cat and dog, each sleep and then send their name over "
          "their own channel, while main waits on both channels at once with select. "
          "Watch main's lane: it is woken once, by the faster runner's message, and at that same "
          "moment the other recv branch is dropped (a FutureDropped event). "
          "Nothing is lost by that: a message sent later would simply stay in its channel. "
          "In timeout mode a slow request races a timer; when the deadline fires first the request "
          "is dropped, its timer is cancelled, and the lesson prints that it timed out.",
      .params = {
          choice_param("mode", {"race", "timeout"}, "race", "race two runners, or a slow request against a deadline"),
          int_param("cat_ms", 0, 60000, 30, "ms", "race: when the cat arrives"),
          int_param("dog_ms", 0, 60000, 50, "ms", "race: when the dog arrives"),
          int_param("slow_ms", 1, 600000, 8000, "ms", "timeout: how long the slow request takes"),
          int_param("deadline_ms", 1, 600000, 5000, "ms", "timeout: how long we are willing to wait"),
      },
      .variants = {
          {"race", "Cat vs dog", {{"mode", "race"}}},
          {"dog-wins", "Cat vs dog, dog faster", {{"mode", "race"}, {"cat_ms", "80"}}},
          {"timeout", "Slow request, 5 s deadline", {{"mode", "timeout"}}},
          {"in-time", "Request answers in time", {{"mode", "timeout"}, {"slow_ms", "1000"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::CurrentThread,
      .default_workers = 2,
      .source_text = lesson_source("select_race.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(p.choice("mode"), Millis(p.integer("cat_ms")), Millis(p.integer("dog_ms")),
                               Millis(p.integer("slow_ms")), Millis(p.integer("deadline_ms")));
          },
  };
}

}  // namespace wakeline::scenarios
