#include <catch2/catch.hpp>

#include <random>

#include "trace_fixtures.hpp"
#include "wakeline/validate.hpp"

using namespace wakeline;
using namespace wakeline::fixtures;
using K = EventKind;

namespace {

// Validates and returns the broken invariant's name ("" when valid), logging the message so a
// failing check shows what validate() said.
std::string broken(const Trace& trace) {
  const ValidationResult result = validate(trace);
  INFO(result.message);
  CHECK(result.ok == result.invariant.empty());
  return result.invariant;
}

Event event(std::uint64_t t, ThreadIndex thread, EventKind kind, TaskId task = 0, std::uint64_t a = 0, std::uint64_t b = 0,
            std::uint64_t c = 0) {
  return make_event(t, kind, thread, task, a, b, c, 0);
}

constexpr ThreadIndex w0 = 0, w1 = 1, bp = 2;

}  // namespace

TEST_CASE("the small hand-built trace passes validate", "[validate]") {
  const ValidationResult result = validate(small_valid_trace());
  INFO(result.message);
  REQUIRE(result.ok);
  REQUIRE(result.invariant.empty());
}

TEST_CASE("a synthetic trace of 100k events passes validate", "[validate]") {
  REQUIRE(broken(synthetic_trace(100'000, 200)).empty());
}

TEST_CASE("an event of an unknown kind is rejected as event_kind_valid", "[validate]") {
  Trace trace = small_valid_trace();
  trace.events[5].kind = static_cast<EventKind>(200);
  REQUIRE(broken(trace) == "event_kind_valid");
}

TEST_CASE("an event on a thread the trace does not have is rejected as thread_index_valid", "[validate]") {
  Trace trace = small_valid_trace();
  trace.events[find_event(trace, K::Print, 3)].thread = 99;
  REQUIRE(broken(trace) == "thread_index_valid");
}

TEST_CASE("a thread whose clock goes backwards is rejected as time_monotonic_per_thread", "[validate]") {
  Trace trace = small_valid_trace();
  const std::size_t print = find_event(trace, K::Print, 3);
  trace.events[print].time_ns = 30;  // worker 1's previous event is at 34 ns
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "time_monotonic_per_thread");
  REQUIRE(result.event_index == print);
}

TEST_CASE("events out of time order across threads are rejected as events_sorted", "[validate]") {
  Trace trace = small_valid_trace();
  const std::size_t unpark = find_event(trace, K::WorkerUnpark, 0);
  trace.events[unpark].time_ns = 11;  // after worker 1's own last event, before the event preceding it
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "events_sorted");
  REQUIRE(result.event_index == unpark);
}

TEST_CASE("a print whose text id is past the strings table is rejected as string_ids_valid", "[validate]") {
  Trace trace = small_valid_trace();
  trace.events[find_event(trace, K::Print, 3)].set_a(999);
  REQUIRE(broken(trace) == "string_ids_valid");
}

TEST_CASE("a task name id past the strings table is rejected as string_ids_valid", "[validate]") {
  Trace trace = small_valid_trace();
  trace.events[find_event(trace, K::TaskSpawned, 2)].set_b(trace.strings.size());
  REQUIRE(broken(trace) == "string_ids_valid");
}

TEST_CASE("an event pointing past the locations table is rejected as location_ids_valid", "[validate]") {
  Trace trace = small_valid_trace();
  trace.events[find_event(trace, K::TaskSpawned, 3)].location = 77;
  REQUIRE(broken(trace) == "location_ids_valid");
}

TEST_CASE("a trace without the 'unknown' location is rejected as location_ids_valid", "[validate]") {
  Trace trace = small_valid_trace();
  trace.locations.clear();
  for (Event& e : trace.events) e.location = 0;
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "location_ids_valid");
  REQUIRE(result.event_index == kNoEventIndex);
}

TEST_CASE("a poll that never ends is rejected as poll_paired", "[validate]") {
  Trace trace = small_valid_trace();
  erase_event(trace, find_event(trace, K::PollEnd, 1, 1));
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "poll_paired");
  REQUIRE(result.event_index == find_event(trace, K::PollStart, 1, 1));
}

TEST_CASE("a poll_end without its poll_start is rejected as poll_paired", "[validate]") {
  Trace trace = small_valid_trace();
  erase_event(trace, find_event(trace, K::PollStart, 5));
  REQUIRE(broken(trace) == "poll_paired");
}

TEST_CASE("a poll nested inside another poll on the same thread is rejected as poll_paired", "[validate]") {
  Trace trace = small_valid_trace();
  insert_event(trace, find_event(trace, K::TimerSet, 2), event(19, w0, K::PollStart, 6));
  REQUIRE(broken(trace) == "poll_paired");
}

TEST_CASE("a task polled on two threads at once is rejected as poll_exclusive", "[validate]") {
  Trace trace = small_valid_trace();
  insert_event(trace, find_event(trace, K::ChannelRecv, 2) + 1, event(102, w1, K::PollStart, 2));
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "poll_exclusive");
  SECTION("and the message names the invariant, the event, its time, thread and task") {
    INFO(result.message);
    CHECK(result.message.find("poll_exclusive") == 0);
    CHECK(result.message.find("event " + std::to_string(result.event_index)) != std::string::npos);
    CHECK(result.message.find("102 ns") != std::string::npos);
    CHECK(result.message.find("'worker 1'") != std::string::npos);
    CHECK(result.message.find("'fetch a'") != std::string::npos);
  }
}

TEST_CASE("a task that never ends is rejected as task_ends_once", "[validate]") {
  Trace trace = small_valid_trace();
  erase_event(trace, find_event(trace, K::TaskCompleted, 4));
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "task_ends_once");
  REQUIRE(result.event_index == find_event(trace, K::TaskSpawned, 4));
}

TEST_CASE("a run that ends in a deadlock may leave tasks unfinished", "[validate]") {
  Trace trace = small_valid_trace();
  erase_event(trace, find_event(trace, K::TaskCompleted, 4));
  trace.events.back().set_a(1);  // RunEnd: deadlock
  REQUIRE(broken(trace).empty());
}

TEST_CASE("a task that ends twice is rejected as task_ends_once", "[validate]") {
  Trace trace = small_valid_trace();
  insert_event(trace, find_event(trace, K::TaskCompleted, 3) + 1, event(36, w1, K::TaskCancelled, 3));
  REQUIRE(broken(trace) == "task_ends_once");
}

TEST_CASE("a task polled after it ended is rejected as task_ends_once", "[validate]") {
  Trace trace = small_valid_trace();
  insert_event(trace, find_event(trace, K::TaskCancelled, 6), event(31, w0, K::PollStart, 5));
  REQUIRE(broken(trace) == "task_ends_once");
}

TEST_CASE("a blocking-pool job that is polled is rejected as task_ends_once", "[validate]") {
  Trace trace = small_valid_trace();
  insert_event(trace, find_event(trace, K::TaskCancelled, 6), event(31, w0, K::PollStart, 4));
  REQUIRE(broken(trace) == "task_ends_once");
}

TEST_CASE("an event naming a task that was never spawned is rejected as task_ends_once", "[validate]") {
  Trace trace = small_valid_trace();
  insert_event(trace, find_event(trace, K::Print, 3), event(35, w1, K::Print, 9, 0));
  REQUIRE(broken(trace) == "task_ends_once");
}

TEST_CASE("a wake from a task that was never spawned is rejected as task_ends_once", "[validate]") {
  Trace trace = small_valid_trace();
  trace.events[find_event(trace, K::TaskWoken, 1)].set_c(42);
  REQUIRE(broken(trace) == "task_ends_once");
}

TEST_CASE("a poll with no wake since the previous poll is rejected as wake_before_poll", "[validate]") {
  Trace trace = small_valid_trace();
  erase_event(trace, find_event(trace, K::TaskWoken, 2));
  erase_event(trace, find_event(trace, K::TaskScheduled, 2, 1));
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "wake_before_poll");
  REQUIRE(result.event_index == find_event(trace, K::PollStart, 2, 1));
}

TEST_CASE("a task polled before it is spawned is rejected as wake_before_poll", "[validate]") {
  Trace trace = small_valid_trace();
  const std::size_t created = find_event(trace, K::ChannelCreated, 1);
  insert_event(trace, created + 1, event(10, w1, K::PollStart, 2));
  insert_event(trace, created + 2, event(10, w1, K::PollEnd, 2));
  REQUIRE(broken(trace) == "wake_before_poll");
}

TEST_CASE("a wake that arrives during a poll readies the task for its next poll", "[validate]") {
  TraceBuilder b;
  b.thread(ThreadKind::Worker, 0, "worker 0");
  b.spawn(0, 0, 1, 0, "yielder");
  b.add(1, 0, K::PollStart, 1);
  b.add(2, 0, K::TaskWoken, 1, static_cast<std::uint64_t>(WakeCause::Yield), 1, 1);
  b.add(3, 0, K::PollEnd, 1);
  b.add(4, 0, K::PollStart, 1);
  b.add(5, 0, K::PollEnd, 1, 1);
  b.add(5, 0, K::TaskCompleted, 1);
  REQUIRE(broken(b.trace).empty());
}

TEST_CASE("a recv of a message that was never sent is rejected as recv_matches_send", "[validate]") {
  Trace trace = small_valid_trace();
  const std::size_t recv = find_event(trace, K::ChannelRecv, 2);
  trace.events[recv].set_b(5);
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "recv_matches_send");
  REQUIRE(result.event_index == recv);
}

TEST_CASE("a message received twice from an mpsc channel is rejected as recv_matches_send", "[validate]") {
  Trace trace = small_valid_trace();
  const std::size_t recv = find_event(trace, K::ChannelRecv, 2);
  insert_event(trace, recv + 1, trace.events[recv]);
  REQUIRE(broken(trace) == "recv_matches_send");
}

TEST_CASE("a broadcast channel may deliver one message to several receivers", "[validate]") {
  Trace trace = small_valid_trace();
  trace.events[find_event(trace, K::ChannelCreated, 1)].set_c(channel_c(ChannelKind::Broadcast, 4));
  const std::size_t recv = find_event(trace, K::ChannelRecv, 2);
  insert_event(trace, recv + 1, trace.events[recv]);
  REQUIRE(broken(trace).empty());
}

TEST_CASE("a recv recorded just before its send at the same instant is accepted", "[validate]") {
  auto build = [](std::uint64_t send_time) {
    TraceBuilder b;
    b.thread(ThreadKind::Worker, 0, "worker 0");
    b.thread(ThreadKind::Worker, 1, "worker 1");
    b.add(0, 0, K::ChannelCreated, 0, 1, b.string("ch"), channel_c(ChannelKind::Oneshot, 1));
    b.spawn(0, 0, 1, 0, "receiver");
    b.spawn(0, 0, 2, 0, "sender");
    b.add(5, 0, K::PollStart, 1);
    b.add(5, 1, K::PollStart, 2);
    b.add(6, 0, K::ChannelRecv, 1, 1, 0);
    b.add(send_time, 1, K::ChannelSend, 2, 1, 0);
    b.add(8, 0, K::PollEnd, 1, 1);
    b.add(8, 0, K::TaskCompleted, 1);
    b.add(8, 1, K::PollEnd, 2, 1);
    b.add(8, 1, K::TaskCompleted, 2);
    return b.trace;
  };
  REQUIRE(broken(build(6)).empty());
  REQUIRE(broken(build(7)) == "recv_matches_send");
}

TEST_CASE("a blocking section that never ends is rejected as blocking_paired", "[validate]") {
  Trace trace = small_valid_trace();
  erase_event(trace, find_event(trace, K::BlockingEnd, 4));
  const ValidationResult result = validate(trace);
  REQUIRE(result.invariant == "blocking_paired");
  REQUIRE(result.event_index == find_event(trace, K::BlockingStart, 4));
}

TEST_CASE("a blocking_end without a blocking_start is rejected as blocking_paired", "[validate]") {
  Trace trace = small_valid_trace();
  erase_event(trace, find_event(trace, K::BlockingStart, 3));
  REQUIRE(broken(trace) == "blocking_paired");
}

TEST_CASE("validate reports random garbage instead of crashing", "[validate]") {
  std::mt19937_64 random(1234);
  auto pick = [&](std::uint64_t bound) { return random() % bound; };
  auto payload = [&]() -> std::uint64_t { return pick(4) == 0 ? random() : pick(8); };
  for (int round = 0; round < 2000; ++round) {
    Trace trace = small_valid_trace();
    if (round % 2 == 0) {
      // Damage a few fields of the valid trace.
      for (int edits = 0; edits < 3; ++edits) {
        Event& e = trace.events[pick(trace.events.size())];
        switch (pick(8)) {
          case 0: e.kind = static_cast<EventKind>(pick(40)); break;
          case 1: e.thread = static_cast<ThreadIndex>(pick(6)); break;
          case 2: e.task = static_cast<TaskId>(pick(4) == 0 ? random() : pick(9)); break;
          case 3: e.set_a(payload()); break;
          case 4: e.set_b(payload()); break;
          case 5: e.set_c(payload()); break;
          case 6: e.time_ns = pick(120); break;
          default: e.location = static_cast<LocationId>(pick(5)); break;
        }
      }
    } else {
      // Events made of noise.
      trace.events.clear();
      for (int i = 0; i < 60; ++i)
        trace.events.push_back(make_event(pick(100), static_cast<EventKind>(pick(kEventKindCount)),
                                          static_cast<ThreadIndex>(pick(5)), static_cast<TaskId>(pick(8)), payload(),
                                          payload(), payload(), static_cast<LocationId>(pick(4))));
    }
    const ValidationResult result = validate(trace);
    if (!result.ok) {
      REQUIRE_FALSE(result.invariant.empty());
      REQUIRE(result.message.find(result.invariant) == 0);
    }
  }
}

// --- What the playhead, catalog and timeline index with (issue 13) -----------------------------

TEST_CASE("thread numbers run from 0 within each kind, without gaps or repeats", "[validate]") {
  Trace gap = small_valid_trace();
  gap.threads[1].index = 2;  // workers 0 and 2
  CHECK(broken(gap) == "threads_dense");
  Trace twice = small_valid_trace();
  twice.threads[1].index = 0;  // two worker 0s
  CHECK(broken(twice) == "threads_dense");
  Trace huge = small_valid_trace();
  huge.threads[2].index = 0xffffffffu;  // the blocking thread
  CHECK(broken(huge) == "threads_dense");
}

TEST_CASE("every enum payload has a name, and a worker payload names a worker", "[validate]") {
  struct Case {
    EventKind kind;
    int field;  // 0 a, 1 b, 2 c
    std::uint64_t value;
  };
  const Case c = GENERATE(Case{K::TaskWoken, 0, 8}, Case{K::TaskWoken, 0, 248}, Case{K::TaskScheduled, 0, 4},
                          Case{K::TaskScheduled, 1, 7}, Case{K::PollEnd, 0, 2}, Case{K::ChannelCreated, 2, 9ull << 32},
                          Case{K::ChannelWait, 1, 2}, Case{K::BlockingStart, 0, 3}, Case{K::RunStart, 0, 2},
                          Case{K::RunEnd, 0, 2}, Case{K::FutureDropped, 1, 4}, Case{K::TaskStolen, 0, 2});
  Trace trace = small_valid_trace();
  auto it = std::find_if(trace.events.begin(), trace.events.end(), [&](const Event& e) { return e.kind == c.kind; });
  REQUIRE(it != trace.events.end());
  if (c.field == 0) it->set_a(c.value);
  if (c.field == 1) it->set_b(c.value);
  if (c.field == 2) it->set_c(c.value);
  INFO(to_string(c.kind) << " field " << c.field << " = " << c.value);
  CHECK(broken(trace) == "payload_in_range");
}

TEST_CASE("task 0 is never scheduled, polled or woken, and a task id is bounded by the file", "[validate]") {
  for (const EventKind kind : {K::PollStart, K::PollEnd, K::TaskScheduled, K::TaskWoken}) {
    Trace trace = small_valid_trace();
    trace.events[find_event(trace, kind, 1)].task = 0;
    INFO(to_string(kind));
    CHECK(broken(trace) == "task_ends_once");
  }
  TraceBuilder b;
  const ThreadIndex w = b.thread(ThreadKind::Worker, 0, "worker 0");
  b.spawn(0, w, 4'000'000'000u, 0, "far");
  b.add(1, w, K::TaskCompleted, 4'000'000'000u);
  CHECK(broken(b.trace) == "task_ends_once");
}

TEST_CASE("tasks named by a wake, an unpark or the deadlock list are spawned", "[validate]") {
  Trace unpark = small_valid_trace();
  unpark.events.insert(unpark.events.begin() + 1, event(unpark.events[1].time_ns, w0, K::WorkerUnpark, 0, 99));
  CHECK(broken(unpark) == "task_ends_once");
  Trace deadlock = small_valid_trace();
  deadlock.run.deadlock.push_back(DeadlockEntry{77, "ghost", "timer"});
  CHECK(broken(deadlock) == "task_ends_once");
}
