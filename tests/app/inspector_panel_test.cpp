// What the inspector says about tasks, computed without a window: sorting the task table, and the
// words for what a task waited on, who woke it and how it ended.
#include <catch2/catch.hpp>

#include <algorithm>

#include "panels/inspector_panel.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace sc = wakeline::scenarios;

namespace {

std::shared_ptr<const Trace> lesson_trace(const std::string& id, std::vector<std::string> settings = {}) {
  const sc::Lesson& lesson = *sc::find_lesson(id);
  const sc::SetupParse setup = sc::parse_setup(lesson, {{}, std::move(settings)});
  REQUIRE(setup.ok());
  return std::make_shared<const Trace>(sc::run_lesson(lesson, setup.setup.params, setup.setup.runtime).trace);
}

const TaskStats& task_named(const InspectorCache& cache, const std::string& name) {
  const auto it = std::find_if(cache.tasks->begin(), cache.tasks->end(), [&](const TaskStats& t) { return t.name == name; });
  REQUIRE(it != cache.tasks->end());
  return *it;
}

}  // namespace

TEST_CASE("the task table sorts by any column, ties in spawn order", "[inspector]") {
  InspectorCache cache;
  refresh_inspector_cache(cache, lesson_trace("sequential-vs-join", {"mode=spawn", "requests=4"}));
  REQUIRE(cache.tasks->size() == 5);  // main and four requests
  sort_task_rows(cache.order, *cache.tasks, TaskColumn::Busy, false);
  for (std::size_t i = 1; i < cache.order.size(); ++i) {
    const TaskStats& before = (*cache.tasks)[cache.order[i - 1]];
    const TaskStats& after = (*cache.tasks)[cache.order[i]];
    CHECK(before.busy_ns >= after.busy_ns);
    if (before.busy_ns == after.busy_ns) CHECK(before.id < after.id);
  }
  sort_task_rows(cache.order, *cache.tasks, TaskColumn::Task, true);
  for (std::size_t i = 0; i < cache.order.size(); ++i) CHECK((*cache.tasks)[cache.order[i]].id == i + 1);
}

TEST_CASE("the cache is rebuilt for a new trace only", "[inspector]") {
  InspectorCache cache;
  const auto trace = lesson_trace("lazy-future");
  refresh_inspector_cache(cache, trace);
  cache.sort_dirty = false;
  refresh_inspector_cache(cache, trace);
  CHECK_FALSE(cache.sort_dirty);
  refresh_inspector_cache(cache, nullptr);
  CHECK(cache.tasks->empty());
}

TEST_CASE("the whole run's statistics, when the timeline has them, are shared, not computed again", "[inspector]") {
  InspectorCache cache;
  const auto trace = lesson_trace("lazy-future");
  const SharedTaskStats computed = std::make_shared<const std::vector<TaskStats>>(compute_task_stats(*trace));
  refresh_inspector_cache(cache, trace, std::nullopt, computed);
  CHECK(cache.tasks == computed);
  // Up to the playhead (Reveal) the panel computes its own: the model's are of the whole run.
  refresh_inspector_cache(cache, trace, std::size_t{3}, computed);
  CHECK(cache.tasks != computed);
  CHECK(cache.tasks->size() == compute_task_stats(*trace, 3).size());
}

TEST_CASE("a task waiting on a channel: the channel by name, the wakes by cause and by whom", "[inspector]") {
  InspectorCache cache;
  refresh_inspector_cache(cache, lesson_trace("channel-ping-pong"));
  const TaskStats& ponger = task_named(cache, "ponger");
  CHECK(waited_on_text(cache, ponger).starts_with("channel '"));
  const std::string wakes = wakes_text(cache, ponger);
  CHECK(wakes.starts_with(std::to_string(ponger.wakes) + ": channel "));
  CHECK(wakes.find("from pinger (") != std::string::npos);
  CHECK(outcome_text(ponger).starts_with("completed at "));
}

TEST_CASE("sleeping on a timer, a join branch, and how a task ended, in words", "[inspector]") {
  InspectorCache cache;
  refresh_inspector_cache(cache, lesson_trace("sequential-vs-join"));
  const TaskStats& main = task_named(cache, "main");
  CHECK(waited_on_text(cache, main).starts_with("timer "));
  CHECK(wakes_text(cache, main) == "2: timer 2");

  TaskStats running;
  CHECK(outcome_text(running) == "still running when the run ended");
  TaskStats failed;
  failed.outcome = TaskOutcome::Failed;
  failed.end_ns = 3'000'000;
  failed.failure = "boom";
  CHECK(outcome_text(failed) == "failed at 3 ms: boom");
  TaskStats quiet;
  CHECK(wakes_text(cache, quiet) == "none");
  CHECK(waited_on_text(cache, quiet).empty());
  quiet.waited_on = WakeCause::JoinChild;
  quiet.waited_on_id = 1;
  CHECK(waited_on_text(cache, quiet) == "its join branch 1");
}

TEST_CASE("with Reveal at 1 s of sequential-vs-join, the statistics stop at the playhead: main has not ended, waited "
          "1 s, woken once",
          "[inspector]") {
  const auto trace = lesson_trace("sequential-vs-join");
  // Just after the first response's poll, at 1 s of the run's 2 s.
  std::size_t up_to = 0;
  for (std::size_t i = 0, fired = 0; i < trace->events.size() && up_to == 0; ++i) {
    if (trace->events[i].kind == EventKind::TimerFired) ++fired;
    if (fired == 1 && trace->events[i].kind == EventKind::PollEnd) up_to = i + 1;
  }
  REQUIRE(up_to > 0);
  InspectorCache cache;
  refresh_inspector_cache(cache, trace, up_to);
  const TaskStats& main = task_named(cache, "main");
  CHECK(main.outcome == TaskOutcome::Running);
  CHECK(outcome_text(main, true) == "not ended yet");
  CHECK(main.wakes == 1);
  CHECK(main.waiting_ns <= 1'000'000'000);
  // Back at the end: the whole run again.
  refresh_inspector_cache(cache, trace);
  CHECK(task_named(cache, "main").outcome == TaskOutcome::Completed);
}
