// The lessons' pictures, read from the timeline's JSON dump: what a student should see.
#include <cmath>

#include "timeline_lesson_traces.hpp"

using namespace timeline_tests;

TEST_CASE("sequential: polls on one worker, a 1000 ms gap between them, both wakes from the timer lane", "[timeline]") {
  const Trace trace = lesson_trace("sequential-vs-join");
  const json dump = fit_all_dump(trace);
  CHECK_FALSE(has_lane(dump, "runtime"));  // the external thread has nothing to show
  const int worker0 = lane_index(dump, "worker 0");
  const int worker1 = lane_index(dump, "worker 1");
  const int timer = lane_index(dump, "timer driver");

  const std::vector<json> polls = spans_of(dump, worker0, "poll");
  REQUIRE(polls.size() == 3);
  CHECK(spans_of(dump, worker1, "poll").empty());
  for (std::size_t i = 1; i < polls.size(); ++i) {
    const double gap_ms = ms(polls[i].at("start_ns")) - ms(polls[i - 1].at("end_ns"));
    CHECK(gap_ms == Approx(1000).epsilon(0.01));
  }
  CHECK(polls[0].at("label") == "main");

  const std::vector<json> wakes = arrows_of(dump, "timer");
  REQUIRE(wakes.size() == 2);
  for (std::size_t i = 0; i < wakes.size(); ++i) {
    CHECK(wakes[i].at("from_lane") == timer);
    CHECK(wakes[i].at("to_lane") == worker0);
    CHECK(ms(wakes[i].at("from_ns")) == Approx(1000.0 * static_cast<double>(i + 1)));
    CHECK(wakes[i].at("to_ns") == polls[i + 1].at("start_ns"));  // each wake causes the next poll
  }
}

TEST_CASE("sequential: main waits on a timer twice, a second each, then is done", "[timeline]") {
  const json dump = fit_all_dump(lesson_trace("sequential-vs-join"));
  const int main_lane = lane_index(dump, "main");
  CHECK(dump.at("lanes")[static_cast<std::size_t>(main_lane)].at("kind") == "task");
  const std::vector<json> waits = spans_of(dump, main_lane, "waiting_timer");
  REQUIRE(waits.size() == 2);
  for (const json& wait : waits) CHECK(ms(wait.at("end_ns")) - ms(wait.at("start_ns")) == Approx(1000).epsilon(0.01));
  CHECK(spans_of(dump, main_lane, "completed").size() == 1);
}

TEST_CASE("join: the two fetch wakes arrive on one worker within one poll cost of each other", "[timeline]") {
  const Trace trace = lesson_trace("sequential-vs-join", {"mode=join"});
  const json dump = fit_all_dump(trace);
  const std::vector<json> wakes = arrows_of(dump, "timer");
  REQUIRE(wakes.size() == 2);
  CHECK(wakes[0].at("to_lane") == wakes[1].at("to_lane"));
  CHECK(dump.at("lanes")[wakes[0].at("to_lane").get<std::size_t>()].at("kind") == "worker");
  const double apart = std::fabs(wakes[0].at("to_ns").get<double>() - wakes[1].at("to_ns").get<double>());
  CHECK(apart <= static_cast<double>(trace.run.poll_cost_ns));
  CHECK(wakes[0].at("from_lane") == lane_index(dump, "timer driver"));
  // Every poll on that one worker.
  const int worker1 = lane_index(dump, "worker 1");
  const int worker0 = lane_index(dump, "worker 0");
  CHECK(spans_of(dump, worker1, "poll").empty());
  CHECK(spans_of(dump, worker0, "poll").size() == 2);
}

TEST_CASE("blocking-executor, thread_sleep: ten blocking spans back to back on the single worker", "[timeline]") {
  const json dump = fit_all_dump(lesson_trace("blocking-executor"));
  const int worker = lane_index(dump, "worker 0");
  const std::vector<json> blocking = spans_of(dump, worker, "blocking");
  REQUIRE(blocking.size() == 10);
  for (std::size_t i = 0; i < blocking.size(); ++i) {
    CHECK(blocking[i].at("blocking_kind") == "block_thread");
    CHECK(blocking[i].at("label") == "block_thread " + std::to_string(10 * (i + 1)) + " ms");
    if (i > 0) CHECK(blocking[i].at("start_ns") == blocking[i - 1].at("end_ns"));  // no gap: nothing else ran
  }
  for (const json& lane : dump.at("lanes")) CHECK(lane.at("kind") != "blocking");  // no blocking pool in use
  const int main_lane = lane_index(dump, "main");
  CHECK(spans_of(dump, main_lane, "blocked").size() == 10);
}

TEST_CASE("blocking-executor, async_sleep: no blocking spans, ten timer wakes", "[timeline]") {
  const json dump = fit_all_dump(lesson_trace("blocking-executor", {"mode=async_sleep"}));
  for (const json& span : dump.at("spans")) {
    CHECK(span.at("kind") != "blocking");
    CHECK(span.at("kind") != "blocked");
  }
  CHECK(arrows_of(dump, "timer").size() == 10);
}

TEST_CASE("blocking-executor, spawn_blocking: each sleep on a blocking-pool lane of its own", "[timeline]") {
  const json dump = fit_all_dump(lesson_trace("blocking-executor", {"mode=spawn_blocking"}));
  const int worker = lane_index(dump, "worker 0");
  CHECK(spans_of(dump, worker, "blocking").empty());
  int pool_lanes = 0;
  for (std::size_t i = 0; i < dump.at("lanes").size(); ++i) {
    if (dump.at("lanes")[i].at("kind") != "blocking") continue;
    ++pool_lanes;
    const std::vector<json> jobs = spans_of(dump, static_cast<int>(i), "blocking");
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].at("blocking_kind") == "spawn_blocking");
  }
  CHECK(pool_lanes == 10);
  // Each job's end wakes main on the worker; each spawn reaches its pool lane.
  CHECK(arrows_of(dump, "task").size() == 10);
  CHECK(arrows_of(dump, "spawn").size() == 10);
}

TEST_CASE("worker-queue: between reports the worker waits on its timer, it is not ready", "[timeline]") {
  const json dump = fit_all_dump(lesson_trace("worker-queue"));
  const int worker = lane_index(dump, "worker");
  double waiting_ms = 0, ready_ms = 0;
  for (const json& span : dump.at("spans")) {
    if (span.at("lane") != worker || span.at("kind") == "folded") continue;
    const double length = ms(span.at("end_ns")) - ms(span.at("start_ns"));
    if (span.at("kind") == "waiting_timer") waiting_ms += length;
    if (span.at("kind") == "ready") ready_ms += length;
  }
  CHECK(waiting_ms > 900);
  CHECK(ready_ms < 10);
}

TEST_CASE("the dump names its ruler, totals and legend", "[timeline]") {
  const json dump = fit_all_dump(lesson_trace("sequential-vs-join"));
  CHECK(dump.at("ruler").at("unit") == "s");
  CHECK(dump.at("ruler").at("ticks").at(0).at("label") == "0 s");
  CHECK(dump.at("totals").at("run_ns").get<double>() == Approx(2000e6).epsilon(0.01));
  const json& threads = dump.at("totals").at("threads");
  REQUIRE(threads.size() == 3);  // two workers and the timer driver
  CHECK(threads[0].at("name") == "worker 0");
  CHECK(threads[0].at("busy_pct").get<double>() < 1.0);
  CHECK(threads[1].at("idle_pct").get<double>() + threads[1].at("parked_pct").get<double>() == Approx(100.0));
  bool timer_legend = false;
  for (const json& entry : dump.at("legend")) timer_legend = timer_legend || entry == "waiting: timer";
  CHECK(timer_legend);
}

TEST_CASE("a dump without task lanes or arrows has only thread lanes", "[timeline]") {
  const Trace trace = lesson_trace("sequential-vs-join", {"mode=spawn"});
  TimelineView view;
  view.show_task_lanes = false;
  view.show_arrows = false;
  const json dump = json::parse(dump_ui_json(trace, view, 800));
  for (const json& lane : dump.at("lanes")) CHECK(lane.at("kind") != "task");
  CHECK(dump.at("arrows").empty());
}
