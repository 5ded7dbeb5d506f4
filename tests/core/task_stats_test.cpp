#include <catch2/catch.hpp>

#include "trace_fixtures.hpp"
#include "test_support.hpp"
#include "wakeline/join.hpp"
#include "wakeline/task_stats.hpp"

using namespace wakeline;
using namespace wakeline::fixtures;
using K = EventKind;

namespace {

const TaskStats& task(const std::vector<TaskStats>& stats, TaskId id) {
  for (const TaskStats& s : stats)
    if (s.id == id) return s;
  FAIL("no stats for task " << id);
  throw;  // unreachable: FAIL throws
}

std::uint64_t wakes_by(const TaskStats& s, WakeCause cause) { return s.wakes_by_cause[static_cast<std::size_t>(cause)]; }

}  // namespace

TEST_CASE("every spawned task gets stats, in spawn order, with its name, parent and site", "[task_stats]") {
  const Trace trace = small_valid_trace();
  const auto stats = compute_task_stats(trace);
  REQUIRE(stats.size() == 6);
  for (std::size_t i = 0; i < stats.size(); ++i) CHECK(stats[i].id == i + 1);
  CHECK(stats[1].name == "fetch a");
  CHECK(stats[1].parent == 1);
  CHECK(trace.locations[stats[1].spawn_location].line == 20);
  CHECK(stats[1].spawn_ns == 11);
}

TEST_CASE("a task that slept on a timer splits its life into scheduled, busy and waiting time", "[task_stats]") {
  const auto stats = compute_task_stats(small_valid_trace());
  const TaskStats& fetch_a = task(stats, 2);
  CHECK(fetch_a.outcome == TaskOutcome::Completed);
  CHECK(fetch_a.end_ns == 103u);
  CHECK(fetch_a.polls == 2);
  CHECK(fetch_a.busy_ns == 3 + 2);        // polls 18..21 and 101..103
  CHECK(fetch_a.scheduled_ns == 7 + 1);   // spawn 11 -> poll 18, woken 100 -> poll 101
  CHECK(fetch_a.waiting_ns == 79);        // pending 21 -> woken 100
  CHECK(fetch_a.busy_ns + fetch_a.scheduled_ns + fetch_a.waiting_ns == *fetch_a.end_ns - fetch_a.spawn_ns);
  CHECK(fetch_a.wakes == 1);
  CHECK(wakes_by(fetch_a, WakeCause::Timer) == 1);
  CHECK(fetch_a.waited_on == WakeCause::Timer);
  CHECK(fetch_a.waited_on_id == 1);
  CHECK(fetch_a.wakers.empty());  // the timer driver is not a task
  CHECK(fetch_a.workers == std::vector<ThreadIndex>{0});
}

TEST_CASE("a parent woken by its child's join records the child as its waker", "[task_stats]") {
  const TaskStats main = task(compute_task_stats(small_valid_trace()), 1);
  CHECK(main.busy_ns == 6 + 1);
  CHECK(main.scheduled_ns == 10 + 1);
  CHECK(main.waiting_ns == 87);
  CHECK(main.waited_on == WakeCause::JoinChild);
  CHECK(wakes_by(main, WakeCause::JoinChild) == 1);
  CHECK(main.wakers == std::vector<TaskId>{2});
}

TEST_CASE("a stolen task that blocks its thread counts the steal and the blocked time", "[task_stats]") {
  const TaskStats fetch_b = task(compute_task_stats(small_valid_trace()), 3);
  CHECK(fetch_b.steals == 1);
  CHECK(fetch_b.workers == std::vector<ThreadIndex>{1});
  CHECK(fetch_b.busy_ns == 18);    // the whole poll 18..36, block_thread included
  CHECK(fetch_b.blocked_ns == 10); // block_thread 24..34
  CHECK(fetch_b.scheduled_ns == 6);
}

TEST_CASE("a blocking-pool job is never polled and spends its run blocked", "[task_stats]") {
  const TaskStats job = task(compute_task_stats(small_valid_trace()), 4);
  CHECK(job.blocking_job);
  CHECK(job.polls == 0);
  CHECK(job.scheduled_ns == 5);  // queued 13 -> started 18
  CHECK(job.blocked_ns == 50);
  CHECK(job.workers == std::vector<ThreadIndex>{2});
  CHECK(job.outcome == TaskOutcome::Completed);
}

TEST_CASE("failed and cancelled tasks keep their outcome and failure message", "[task_stats]") {
  const auto stats = compute_task_stats(small_valid_trace());
  CHECK(task(stats, 5).outcome == TaskOutcome::Failed);
  CHECK(task(stats, 5).failure == "boom: \"disk\" full");
  CHECK(task(stats, 5).busy_ns == 7);
  CHECK(task(stats, 6).outcome == TaskOutcome::Cancelled);
  CHECK(task(stats, 6).polls == 0);
  CHECK(task(stats, 6).scheduled_ns == 16);
  CHECK(to_string(TaskOutcome::Cancelled) == "cancelled");
}

TEST_CASE("a task still waiting when the run ends is running and waits until the run's end", "[task_stats]") {
  TraceBuilder b;
  b.thread(ThreadKind::Worker, 0, "worker 0");
  b.spawn(0, 0, 1, 0, "stuck");
  b.add(1, 0, K::PollStart, 1);
  b.add(2, 0, K::PollEnd, 1);
  b.add(50, 0, K::RunEnd, 0, 1);
  b.trace.run.total_ns = 50;
  const TaskStats stuck = compute_task_stats(b.trace).at(0);
  CHECK(stuck.outcome == TaskOutcome::Running);
  CHECK_FALSE(stuck.end_ns.has_value());
  CHECK(stuck.waiting_ns == 48);
  CHECK_FALSE(stuck.waited_on.has_value());
}

TEST_CASE("a task that yields is ready again as soon as the scheduler requeues it after its poll", "[task_stats]") {
  TraceBuilder b;
  b.thread(ThreadKind::Worker, 0, "worker 0");
  b.spawn(0, 0, 1, 0, "yielder");
  b.add(1, 0, K::PollStart, 1);
  b.add(2, 0, K::TaskWoken, 1, static_cast<std::uint64_t>(WakeCause::Yield), 1, 1);
  b.add(3, 0, K::PollEnd, 1);
  b.add(3, 0, K::TaskScheduled, 1, static_cast<std::uint64_t>(QueueKind::Local), 0);  // the requeue
  b.add(7, 0, K::PollStart, 1);
  b.add(8, 0, K::PollEnd, 1, 1);
  b.add(8, 0, K::TaskCompleted, 1);
  const TaskStats yielder = compute_task_stats(b.trace).at(0);
  CHECK(yielder.waiting_ns == 0);
  CHECK(yielder.scheduled_ns == 1 + 4);
  CHECK(yielder.waited_on == WakeCause::Yield);
  CHECK(yielder.wakers == std::vector<TaskId>{1});
}

TEST_CASE("thread time splits into busy, blocked, parked and idle that add up to the run", "[task_stats]") {
  const auto threads = compute_thread_stats(small_valid_trace());
  REQUIRE(threads.size() == 4);
  const ThreadStats& w0 = threads[0];
  CHECK(w0.name == "worker 0");
  CHECK(w0.polls == 5);
  CHECK(w0.busy_ns == 19);
  CHECK(w0.idle_ns == 91);
  const ThreadStats& w1 = threads[1];
  CHECK(w1.parked_ns == 12 + 73);
  CHECK(w1.blocked_ns == 10);  // block_thread inside a poll counts as blocked, not busy
  CHECK(w1.busy_ns == 8);
  CHECK(w1.idle_ns == 7);
  CHECK(w1.parked_pct == Approx(100.0 * 85 / 110));
  CHECK(threads[2].kind == ThreadKind::Blocking);
  CHECK(threads[2].blocked_ns == 50);
  CHECK(threads[3].idle_pct == Approx(100.0));
  for (const ThreadStats& t : threads) {
    CHECK(t.busy_ns + t.blocked_ns + t.parked_ns + t.idle_ns == 110);
    CHECK(t.busy_pct + t.blocked_pct + t.parked_pct + t.idle_pct == Approx(100.0));
  }
}

TEST_CASE("stats of garbage stay finite instead of wrapping around", "[task_stats]") {
  Trace trace = small_valid_trace();
  trace.events[find_event(trace, K::PollEnd, 2)].time_ns = 1;  // a poll that ends before it starts
  trace.events.push_back(make_event(5, K::PollStart, 99, 77, 0, 0, 0, 0));  // unknown task, unknown thread
  for (const TaskStats& s : compute_task_stats(trace)) CHECK(s.busy_ns < 1000);
  for (const ThreadStats& t : compute_thread_stats(trace)) CHECK(t.busy_ns <= 110);
}

TEST_CASE("wakes used up inside a poll (join children) do not count as time ready", "[task_stats]") {
  auto body = []() -> Task<> {
    co_await join(sleep(std::chrono::milliseconds(100)), sleep(std::chrono::milliseconds(300)));
  };
  auto result = wakeline::testing::checked_run(RuntimeOptions{}, body());
  const TaskStats main_task = compute_task_stats(result.report.trace).at(0);
  CHECK(main_task.name == "main");
  CHECK(main_task.scheduled_ns < 1'000'000);  // a few poll costs, not the 300 ms of waiting
  CHECK(main_task.waiting_ns >= 299'000'000);
}
