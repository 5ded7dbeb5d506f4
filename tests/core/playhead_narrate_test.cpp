// Narration of single events, duration wording, and the catalog's lookups, on the hand-built
// fixture trace and small programs (the lessons' narration is in tests/scenarios).
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "test_support.hpp"
#include "trace_fixtures.hpp"
#include "wakeline/mutex.hpp"
#include "wakeline/playhead/narrate.hpp"
#include "wakeline/playhead/trace_catalog.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

using namespace wakeline;
using namespace wakeline::testing;
using namespace std::chrono_literals;
using K = EventKind;

namespace {
std::size_t index_of(const Trace& trace, EventKind kind, TaskId task, int nth = 0) {
  return fixtures::find_event(trace, kind, task, nth);
}
}  // namespace

TEST_CASE("durations read in the unit that keeps the number short, a one-second sleep as 1000 ms", "[playhead]") {
  CHECK(narrate_duration(0) == "0 ns");
  CHECK(narrate_duration(200) == "200 ns");
  CHECK(narrate_duration(1'500) == "1.5 µs");
  CHECK(narrate_duration(50'000) == "50 µs");
  CHECK(narrate_duration(999'700) == "1 ms");  // not "1000 µs"
  CHECK(narrate_duration(5'015'400) == "5.02 ms");
  CHECK(narrate_duration(30'000'000) == "30 ms");
  CHECK(narrate_duration(1'000'000'000) == "1000 ms");
  CHECK(narrate_duration(9'999'400'000) == "9999 ms");
  CHECK(narrate_duration(12'500'000'000) == "12.5 s");
  CHECK(narrate_duration(90'000'000'000) == "90 s");
  CHECK(narrate_duration(150'000'000'000) == "2.5 min");
  CHECK(narrate_duration(50'000'369'910'000) == "13.9 h");  // 200 000 tasks of 1 s on 4 workers
  CHECK(narrate_duration(600'000'000'000'000) == "6.9 days");
}

TEST_CASE("every event of the fixture trace gets a sentence that names its tasks", "[playhead]") {
  const Trace trace = fixtures::small_valid_trace();
  const TraceCatalog catalog(trace);
  const Narrator narrator(catalog);
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    INFO("event " << i << " " << to_string(trace.events[i].kind));
    CHECK_FALSE(narrator.line(i).empty());
  }
  CHECK(narrator.line(trace.events.size()).empty());
  CHECK(narrator.line(index_of(trace, K::TaskStolen, 3)) == "worker 1 steals `fetch b` from worker 0 and runs it");
  CHECK(narrator.line(index_of(trace, K::PollEnd, 2)) == "`fetch a` sets an 80 ns timer and returns Pending");
  CHECK(narrator.line(index_of(trace, K::TaskFailed, 5)) == "`doomed` fails: boom: \"disk\" full");
  CHECK(narrator.line(index_of(trace, K::ChannelWait, 5)) == "`doomed` waits: channel `jobs` is full (1/4)");
  CHECK(narrator.line(index_of(trace, K::BlockingStart, 3)) ==
        "worker 1 is blocked by block_thread for 10 ns: nothing else can run on it");
  CHECK(narrator.line(index_of(trace, K::BlockingEnd, 3)) == "worker 1 is free again after 10 ns of block_thread");
  CHECK(narrator.line(index_of(trace, K::BlockingStart, 4)) == "blocking 0 runs `hash file`");
  CHECK(narrator.line(index_of(trace, K::TaskSpawned, 4)) == "`main` hands `hash file` to the blocking pool (spawn_blocking)");
  CHECK(narrator.line(index_of(trace, K::FutureDropped, 1)) == "`main` drops branch 1 of its select, unfinished");
  CHECK(narrator.line(trace.events.size() - 1) == "the run ends after 110 ns");
  CHECK(narrate(trace, index_of(trace, K::PollStart, 3)) == "worker 1 polls `fetch b` for the first time");
}

TEST_CASE("a task that finds the Mutex held waits for the lock, and gets it when the holder lets go", "[playhead]") {
  auto body = []() -> Task<> {
    auto mutex = std::make_shared<Mutex<int>>(0, "counter");
    auto hold = [](std::shared_ptr<Mutex<int>> m, std::chrono::nanoseconds d) -> Task<> {
      auto guard = co_await m->lock();
      co_await sleep(d);
    };
    auto holder = spawn(hold(mutex, 10ms), "holder");
    co_await sleep(1ms);
    auto waiter = spawn(hold(mutex, 0ms), "waiter");
    (void)co_await std::move(holder);
    (void)co_await std::move(waiter);
  };
  const auto result = checked_run(RuntimeOptions{}, body());
  const Trace& trace = result.report.trace;
  const TraceCatalog catalog(trace);
  const Narrator narrator(catalog);
  const TaskId waiter = 3;
  REQUIRE(catalog.task_name(waiter) == "waiter");
  CHECK(narrator.line(index_of(trace, K::ChannelCreated, 1)) == "`main` creates the mutex `counter`");
  CHECK(narrator.line(index_of(trace, K::ChannelWait, waiter)) == "`waiter` waits for the lock `counter` (1 waiting)");
  CHECK(narrator.line(index_of(trace, K::PollEnd, waiter)) == "`waiter` waits for the lock `counter` and returns Pending");
  CHECK(narrator.line(index_of(trace, K::TaskWoken, waiter)) == "`waiter` gets the lock `counter` and is woken");
  CHECK(narrator.line(index_of(trace, K::PollEnd, 1)) == "`main` sets a 1 ms timer and returns Pending");
  CHECK(narrator.line(index_of(trace, K::PollEnd, 1, 1)) == "`main` returns Pending: it waits for `holder` to finish");
}

TEST_CASE("the catalog finds polls, a task's events, the position at a time and a source line's events", "[playhead]") {
  const Trace trace = fixtures::small_valid_trace();
  const TraceCatalog catalog(trace);
  CHECK(catalog.task_table_size() == 7);
  CHECK(catalog.task_name(2) == "fetch a");
  CHECK(catalog.task_name(0) == "the runtime");
  CHECK(catalog.task_name(99) == "task 99");
  CHECK(catalog.channel_name(1) == "jobs");
  CHECK(catalog.task(4)->blocking_job);
  CHECK(catalog.task(5)->ended_at == index_of(trace, K::TaskFailed, 5));
  CHECK(catalog.worker_number(1) == 1u);
  CHECK_FALSE(catalog.worker_number(3).has_value());  // the timer driver
  CHECK(catalog.blocking_number(2) == 0u);
  REQUIRE(catalog.timer(1) != nullptr);
  CHECK(catalog.timer(1)->deadline_ns == 100);

  const std::size_t first_poll = index_of(trace, K::PollStart, 1);
  CHECK(catalog.next_poll_start(0) == first_poll);
  CHECK(catalog.next_poll_start(first_poll) == first_poll);
  CHECK(catalog.previous_poll_start(first_poll) == std::nullopt);
  CHECK(catalog.previous_poll_start(first_poll + 1) == first_poll);
  CHECK(catalog.next_event_of(2, 0) == index_of(trace, K::TaskSpawned, 2));
  CHECK(catalog.previous_event_of(2, trace.events.size()) == index_of(trace, K::TaskCompleted, 2));
  CHECK(catalog.events_of(6).size() == 3);  // spawned, scheduled, cancelled

  CHECK(catalog.position_at_time(0) == 4);   // the four events at 0 ns
  CHECK(catalog.position_at_time(17) == index_of(trace, K::TaskStolen, 3) + 1);
  CHECK(catalog.position_at_time(1'000) == trace.events.size());

  const IndexRange fetch_line = catalog.line_range("fetch.cpp", 20);
  CHECK(fetch_line == IndexRange{index_of(trace, K::TaskSpawned, 2), index_of(trace, K::TaskSpawned, 3) + 1});
  CHECK(catalog.line_range("scenarios/fetch.cpp", 20) == fetch_line);
  CHECK(catalog.line_range("etch.cpp", 20).empty());  // a path's tail, not any suffix
  CHECK(catalog.locations_at_line("fetch.cpp", 12).size() == 1);
}
