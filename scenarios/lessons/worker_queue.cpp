// Lesson: a worker behind a queue, answering through oneshot channels.
//
// Each work item carries the sending half of a oneshot channel: the worker answers on it and the
// requester awaits the other half. The worker's loop also selects on a report tick, so it can say
// how far it got every report_ms without a second task.
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/select.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;
using Nanos = std::chrono::nanoseconds;

struct Work {
  int input = 0;
  oneshot::Sender<int> respond_on;  // where the worker sends its answer
};

// How the trace shows an item on the queue (the State page, the narration): as main prints it.
std::string describe_message(const Work& work) { return "item " + std::to_string(work.input); }

// Fires at a fixed time since the start; a deadline, not a duration, so that the work items
// arriving in between do not push the next report further away.
Task<> report_tick(Nanos at) { co_await sleep_until(at); }

Task<> worker(mpsc::Receiver<Work> queue, Millis work_time, Millis report_every) {
  int done = 0;
  Nanos next_report = report_every;
  for (;;) {
    auto next = co_await select(queue.recv(), report_tick(next_report));
    if (next.index() == 1) {
      print("worker: ", done, " items done so far, at ", elapsed_ms(), " ms");
      while (next_report <= now()) next_report += report_every;  // skip ticks missed while busy
      continue;
    }
    auto work = std::move(std::get<0>(next));
    if (!work) break;              // every sender is gone: no more work will come
    co_await sleep(work_time);     // pretend to work
    work->respond_on.send(work->input * 1000);
    ++done;
  }
  print("worker: the queue is closed after ", done, " items");
}

// Sends one item and waits for its answer. Takes its own copy of the sender (a clone).
Task<int> do_work(mpsc::Sender<Work> queue, int input) {
  auto [reply_tx, reply_rx] = oneshot::channel<int>("reply");
  // Built as a named value first, then moved into send(): GCC 12 loses a move made inside a
  // braced temporary within a co_await expression.
  Work work{input, std::move(reply_tx)};
  (void)co_await queue.send(std::move(work));
  // recv() rather than co_await on the receiver itself: the call records this line as the wait's
  // source, so the code panel can point at it (an operator co_await cannot take a source_location).
  auto reply = co_await reply_rx.recv();
  co_return reply.value_or(-1);
}

Task<> lesson_main(int items, std::size_t capacity, Millis work_time, Millis report_every) {
  auto [queue_tx, queue_rx] = mpsc::channel<Work>(capacity, "work queue");
  auto worker_task = spawn(worker(std::move(queue_rx), work_time, report_every), "worker");
  for (int i = 0; i < items; ++i) {
    int result = co_await do_work(queue_tx, i);
    print("work result for item ", i, ": ", result);
  }
  queue_tx.close();  // like drop(tx): the worker's recv() now ends its loop
  (void)co_await std::move(worker_task);
  print("done after ", elapsed_ms(), " ms");
}

}  // namespace

Lesson worker_queue_lesson() {
  return Lesson{
      .id = "worker-queue",
      .title = "A worker queue with oneshot replies",
      .explanation =
          "Main sends work items one at a time over a bounded queue and awaits each reply on a "
          "oneshot channel the item carried along; the worker answers input x 1000. "
          "The worker's loop is a select between the next item and a report tick, so on its lane you "
          "see short polls between work_ms sleeps, and a report line about every report_ms. "
          "Each time an item wins, the tick branch is dropped and its timer cancelled; because the "
          "tick is a fixed deadline, the next select sets it again at the same time. "
          "Main never has more than one item in flight, so the total is about items x work_ms. "
          "When main closes the queue, the worker's recv returns nothing and it stops.",
      .params = {
          int_param("items", 1, 10000, 100, "", "how many work items main sends"),
          int_param("work_ms", 0, 10000, 10, "ms", "how long the worker takes per item"),
          int_param("capacity", 1, 1024, 10, "", "how many items the queue buffers"),
          int_param("report_ms", 1, 60000, 100, "ms", "how often the worker reports its progress"),
      },
      .variants = {
          {"default", "100 items, a report every 100 ms", {}},
          {"frequent-reports", "A report every 25 ms", {{"report_ms", "25"}}},
          {"slow-worker", "50 ms per item", {{"items", "20"}, {"work_ms", "50"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::CurrentThread,
      .default_workers = 2,
      .source_text = lesson_source("worker_queue.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(static_cast<int>(p.integer("items")), static_cast<std::size_t>(p.integer("capacity")),
                               Millis(p.integer("work_ms")), Millis(p.integer("report_ms")));
          },
  };
}

}  // namespace wakeline::scenarios
