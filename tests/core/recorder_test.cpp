// The recorder: what its cheap clock reads must not cost. On the real clock events are stamped with
// an unserialised rdtsc and some share a reading; the merged trace must still put every wake and
// push before the poll it causes on another worker, and every send before its recv. Event chunks
// are reused from one run to the next without being cleared, and come from slabs of huge pages.
#include <catch2/catch.hpp>

#include <algorithm>

#include "test_support.hpp"
#include "wakeline/io.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/pitfalls.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;

namespace {

// Hand-overs between two workers, as many kinds as the scheduler has: spawns picked up or stolen
// by the other worker, yields requeued, a channel whose buffer lets a recv find a message another
// worker has just sent, timers fired by the timer driver, blocking-pool jobs.
Task<int> cross_worker_traffic() {
  auto [tx, rx] = mpsc::channel<int>(64, "numbers");
  auto consumer = spawn([](mpsc::Receiver<int> in) -> Task<int> {
    int received = 0;
    while (auto v = co_await in.recv()) received += *v >= 0 ? 1 : 0;
    co_return received;
  }(std::move(rx)), "consumer");
  std::vector<JoinHandle<void>> producers;
  for (int p = 0; p < 4; ++p)
    producers.push_back(spawn([](mpsc::Sender<int> out, int which) -> Task<> {
      for (int i = 0; i < 200; ++i) {
        (void)co_await out.send(i);
        if (i % 16 == which) co_await yield_now();
        if (i % 64 == which) co_await sleep(std::chrono::microseconds(5));
      }
    }(tx, p), "producer"));
  std::vector<JoinHandle<void>> small;
  for (int i = 0; i < 300; ++i)
    small.push_back(spawn([](int index) -> Task<> {
      if (index % 3 == 0) co_await yield_now();
      if (index % 50 == 0) print_line("tick");
    }(i), "small"));
  auto job = spawn_blocking([] { block_thread(std::chrono::microseconds(200)); }, "blocking");
  for (auto& h : small) (void)co_await std::move(h);
  for (auto& h : producers) (void)co_await std::move(h);
  (void)co_await std::move(job);
  { auto drop = std::move(tx); }
  auto received = co_await std::move(consumer);
  co_return received.ok() ? received.value() : -1;
}

Task<> prints(int n) {
  for (int i = 0; i < n; ++i) print_line(i % 2 ? "odd" : "even");
  co_return;
}

// Two tasks printing the same two texts, each likely on a worker (a lane) of its own.
Task<> two_printers() {
  auto first = spawn(prints(2000));
  auto second = spawn(prints(2000));
  co_await std::move(first);
  co_await std::move(second);
}

// On current_thread, messages from the one worker first (its receives are stamped without a
// fence), then from blocking-pool threads, whose sends a receive may take an instant later.
Task<int> worker_then_blocking_senders() {
  auto [tx, rx] = mpsc::channel<int>(4, "local");
  int received = 0;
  for (int i = 0; i < 50; ++i) {
    (void)co_await tx.send(i);
    if (co_await rx.recv()) ++received;
  }
  for (int i = 0; i < 40; ++i) {
    auto [reply_tx, reply_rx] = oneshot::channel<int>("reply");
    auto reply = std::make_shared<oneshot::Sender<int>>(std::move(reply_tx));
    auto job = spawn_blocking([reply, i] { (void)reply->send(i); }, "sender");
    if (co_await reply_rx) ++received;
    (void)co_await std::move(job);
  }
  co_return received;
}

}  // namespace

TEST_CASE("real clock, current_thread: sends from the blocking pool stay before their recvs", "[recorder][real]") {
  RuntimeOptions options;
  options.clock = ClockKind::Real;
  for (int run_index = 0; run_index < 5; ++run_index) {
    INFO("run " << run_index);
    auto result = checked_run(options, worker_then_blocking_senders());
    REQUIRE(result.main->value() == 90);
  }
}

TEST_CASE("real clock, multi_thread(2): every trace keeps wakes, pushes and sends before what they cause",
          "[recorder][real]") {
  for (int run_index = 0; run_index < 12; ++run_index) {
    INFO("run " << run_index);
    auto result = checked_run(multi_thread(2, ClockKind::Real), cross_worker_traffic());
    REQUIRE(result.main->value() == 800);
    REQUIRE(count(result.report.trace, EventKind::TaskStolen) + count(result.report.trace, EventKind::PollStart) > 0);
  }
}

TEST_CASE("real clock: event times are nanoseconds since the run started, within the run", "[recorder][real]") {
  auto result = checked_run(multi_thread(2, ClockKind::Real), cross_worker_traffic());
  const Trace& trace = result.report.trace;
  REQUIRE(!trace.events.empty());
  REQUIRE(trace.events.front().kind == EventKind::RunStart);
  REQUIRE(trace.events.front().time_ns < 1'000 * kMs);
  // The run lasts well under a few seconds: a stray tick or a missed conversion would show up as
  // an absurd time here.
  REQUIRE(trace.events.back().time_ns < 10'000 * kMs);
  REQUIRE(trace.events.back().time_ns >= trace.run.total_ns / 2);
}

TEST_CASE("a run that reuses the previous run's event chunks records only its own events", "[recorder]") {
  RuntimeOptions options;  // current_thread, virtual clock: the traces are deterministic
  auto first = checked_run(options, prints(3000));
  (void)checked_run(options, prints(50'000));  // fills more chunks than the next run needs
  auto again = checked_run(options, prints(3000));
  REQUIRE(again.report.trace == first.report.trace);
  REQUIRE(count(again.report.trace, EventKind::Print) == 3000);
}

TEST_CASE("a run that fills more than one slab of chunks keeps every event, in order", "[recorder]") {
  // A slab holds 128 chunks of ~3 600 virtual-clock events (runtime/recorder.hpp): 320 000 prints
  // take more than half of one, so the pool's helper thread maps and faults in the next slab while
  // the run goes on, and the run goes on into it.
  RuntimeOptions options;
  auto result = checked_run(options, prints(320'000));
  const Trace& trace = result.report.trace;
  REQUIRE(count(trace, EventKind::Print) == 320'000);
  std::size_t out_of_order = 0;
  for (std::size_t i = 1; i < trace.events.size(); ++i) out_of_order += trace.events[i].time_ns < trace.events[i - 1].time_ns;
  REQUIRE(out_of_order == 0);
  auto again = checked_run(options, prints(320'000));  // the same slabs, kept by this thread
  REQUIRE(again.report.trace == trace);
}

TEST_CASE("a text recorded on several lanes is one string of the trace, and every print finds it", "[recorder]") {
  auto result = checked_run(multi_thread(2), two_printers());
  const Trace& trace = result.report.trace;
  REQUIRE(std::count(trace.strings.begin(), trace.strings.end(), "odd") == 1);
  REQUIRE(std::count(trace.strings.begin(), trace.strings.end(), "even") == 1);
  std::size_t odd = 0, even = 0;
  for (const Event& e : trace.events) {
    if (e.kind != EventKind::Print) continue;
    const std::string_view text = trace.str(static_cast<StringId>(e.a()));
    odd += text == "odd";
    even += text == "even";
  }
  REQUIRE(odd == 2000);
  REQUIRE(even == 2000);
}

TEST_CASE("without recording, a run records nothing and still runs every task", "[recorder]") {
  RuntimeOptions options = multi_thread(2, ClockKind::Real);
  options.record = false;
  auto result = run(options, cross_worker_traffic());
  REQUIRE(result.main->value() == 800);
  REQUIRE(result.report.events_recorded == 0);
  REQUIRE(result.report.trace.events.empty());
}

// The code panel highlights the line an event carries: a task's first scheduling points at its
// spawn, every later one at the await it was woken from.
namespace {
Task<> nap_once() {
  co_await sleep(std::chrono::milliseconds(5));  // the line its second scheduling must point at
}
Task<> spawn_napper() {
  auto handle = spawn(nap_once(), "napper");  // the line its first scheduling must point at
  co_await std::move(handle);
}
}  // namespace

TEST_CASE("a task is scheduled at its spawn first, then at the await it was woken from", "[recording]") {
  const auto result = wakeline::testing::checked_run(RuntimeOptions{}, spawn_napper());
  const Trace& trace = result.report.trace;
  TaskId napper = 0;
  for (const Event& e : trace.events) {
    if (e.kind == EventKind::TaskSpawned && trace.str(static_cast<StringId>(e.b())) == "napper") napper = e.task;
  }
  REQUIRE(napper != 0);
  std::vector<std::uint32_t> scheduled_lines, timer_lines;
  for (const Event& e : trace.events) {
    if (e.task != napper) continue;
    if (e.kind == EventKind::TaskScheduled) scheduled_lines.push_back(trace.locations[e.location].line);
    if (e.kind == EventKind::TimerSet) timer_lines.push_back(trace.locations[e.location].line);
  }
  REQUIRE(scheduled_lines.size() == 2);
  REQUIRE(timer_lines.size() == 1);
  CHECK(scheduled_lines[1] == timer_lines[0]);     // woken by its timer: the sleep's line
  CHECK(scheduled_lines[0] == timer_lines[0] + 3);  // spawned: three lines below the sleep, in spawn_napper
}
