// Lesson: ping-pong over two channels, closing by dropping the sender, and backpressure.
//
// The pinger sends numbered pings over one mpsc channel; the ponger answers each with a pong over
// another. A bounded channel makes a fast sender wait for a slow receiver. Nobody says "stop": the
// pinger drops its sender, and the ponger's recv() then reports that the channel is closed.
#include <chrono>
#include <cstddef>
#include <utility>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/join.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;

// Answers every ping until recv() returns nothing: all senders are gone and the buffer is empty.
Task<> ponger(mpsc::Receiver<int> pings, mpsc::Sender<int> pongs, Millis handler_time) {
  int received = 0;
  while (auto ping = co_await pings.recv()) {
    ++received;
    print("ponger: received ", received, " pings so far");
    if (handler_time.count() > 0) co_await sleep(handler_time);  // handling a ping takes a while
    (void)co_await pongs.send(*ping);
  }
  print("ponger: the ping channel is closed, stopping");
  pongs.close();  // like Rust's drop(tx): the pinger's pong loop ends in turn
}

// Sends every ping as fast as the channel accepts them: a burst.
Task<> send_pings(mpsc::Sender<int> pings, int rounds) {
  for (int n = 1; n <= rounds; ++n) {
    (void)co_await pings.send(n);  // waits here while the channel is full: backpressure
    print("pinger: sent ping ", n, " at ", elapsed_ms(), " ms");
  }
  // No more pings: this is what ends the ponger's loop. Said explicitly because `pings` would
  // otherwise live on in this coroutine's frame until the whole join below is over, and the join
  // waits for the last pong, which waits for the ponger to see the channel closed.
  pings.close();
}

Task<> read_pongs(mpsc::Receiver<int> pongs) {
  while (auto pong = co_await pongs.recv()) print("pinger: pong ", *pong, " back at ", elapsed_ms(), " ms");
}

// Sending and reading run side by side inside the pinger (join). Reading only after sending
// everything would deadlock once both channels are full: each task would wait for the other.
// join takes turns as Tokio's join! does: every other poll of the pinger starts with reading.
Task<> pinger(mpsc::Sender<int> pings, mpsc::Receiver<int> pongs, int rounds) {
  auto sending = send_pings(std::move(pings), rounds);
  auto reading = read_pongs(std::move(pongs));
  co_await join(std::move(sending), std::move(reading));
  print("pinger: all ", rounds, " pongs are back");
}

Task<> lesson_main(int rounds, std::size_t capacity, Millis handler_time) {
  auto [ping_tx, ping_rx] = mpsc::channel<int>(capacity, "pings");
  auto [pong_tx, pong_rx] = mpsc::channel<int>(capacity, "pongs");
  auto pong_task = spawn(ponger(std::move(ping_rx), std::move(pong_tx), handler_time), "ponger");
  auto ping_task = spawn(pinger(std::move(ping_tx), std::move(pong_rx), rounds), "pinger");
  (void)co_await std::move(ping_task);
  (void)co_await std::move(pong_task);
  print("done after ", elapsed_ms(), " ms");
}

}  // namespace

Lesson channel_ping_pong_lesson() {
  return Lesson{
      .id = "channel-ping-pong",
      .title = "Channels: ping-pong, closing, backpressure",
      .explanation =
          "Two spawned tasks talk over two bounded mpsc channels: pings one way, pongs back. "
          "Follow the wake arrows between the pinger and ponger lanes: every send wakes the task "
          "waiting in recv on the other side. "
          "With a roomy channel the pinger sends its whole burst without ever waiting. "
          "Set capacity to 1 and give the ponger a slow handler: now the pinger's sends wait on a full "
          "channel (a ChannelWait on the send side) and it can only go as fast as the ponger reads. "
          "As in Tokio, a message keeps its slot until the ponger has received it, even one handed "
          "straight to a ponger already waiting, so ping 2 goes in only once ping 1 has been received. "
          "At the end the pinger drops its sender; the ponger's recv returns nothing and its loop ends, "
          "which is how a channel says 'no more messages'.",
      .params = {
          int_param("rounds", 1, 100000, 10, "", "how many pings"),
          int_param("capacity", 1, 1024, 32, "", "how many messages each channel buffers"),
          int_param("handler_ms", 0, 10000, 0, "ms", "how long the ponger takes to handle one ping"),
      },
      .variants = {
          {"roomy", "Roomy channels, instant handler", {{"capacity", "32"}, {"handler_ms", "0"}}},
          {"backpressure", "Capacity 1, slow handler", {{"capacity", "1"}, {"handler_ms", "5"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::CurrentThread,
      .default_workers = 2,
      .source_text = lesson_source("channel_ping_pong.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(static_cast<int>(p.integer("rounds")), static_cast<std::size_t>(p.integer("capacity")),
                               Millis(p.integer("handler_ms")));
          },
  };
}

}  // namespace wakeline::scenarios
