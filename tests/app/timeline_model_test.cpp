// The timeline's model as a file's load builds it: from task statistics computed once and shared
// with the inspector, into arrays sized by a counting pass. What the class sees must not change.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>

#include "timeline/timeline_model.hpp"
#include "timeline_lesson_traces.hpp"

using namespace timeline_tests;

namespace {

std::string dump_of(const Trace& trace, std::shared_ptr<const TimelineModel> model) {
  TimelineView view;  // the whole run, every lane
  view.model = std::move(model);
  return dump_ui_json(trace, view, 1000.0f);
}

bool sorted_apart(const std::vector<Span>& spans) {
  return std::is_sorted(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start_ns < b.start_ns; }) &&
         std::adjacent_find(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return b.start_ns < a.end_ns; }) ==
             spans.end();
}

}  // namespace

TEST_CASE("every lesson: a model given the shared task statistics keeps them and draws what a model computing its own draws", "[timeline]") {
  for (const scenarios::Lesson& lesson : scenarios::lessons()) {
    INFO(lesson.id);
    const Trace trace = lesson_trace(lesson.id);
    const SharedTaskStats stats = std::make_shared<const std::vector<TaskStats>>(compute_task_stats(trace));
    const auto shared = std::make_shared<const TimelineModel>(build_timeline_model(trace, stats));
    const auto own = std::make_shared<const TimelineModel>(build_timeline_model(trace));
    CHECK(shared->task_stats == stats);  // the very object the inspector holds, not a copy
    REQUIRE(own->task_stats != nullptr);
    CHECK(own->task_stats->size() == stats->size());
    CHECK(dump_of(trace, shared) == dump_of(trace, own));

    // What the arrays were sized from: one poll per PollEnd (or one cut by the run's end), each lane's
    // spans in time order and apart, one TaskLane per spawned task, each state inside its task's lane.
    std::size_t poll_ends = 0, spawned = 0;
    for (const Event& e : trace.events) {
      poll_ends += e.kind == EventKind::PollEnd;
      spawned += e.kind == EventKind::TaskSpawned && e.task != 0;
    }
    std::size_t polls = 0;
    for (const ThreadLane& lane : shared->threads) {
      polls += lane.polls.size();
      CHECK(sorted_apart(lane.polls));
      CHECK(sorted_apart(lane.blocking));
    }
    CHECK(polls >= poll_ends);
    CHECK(polls <= poll_ends + shared->threads.size());
    CHECK(shared->tasks.size() == spawned);
    for (const TaskLane& lane : shared->tasks) {
      CHECK(shared->task(lane.task) != nullptr);
      const std::vector<Span> states(shared->states_begin(lane), shared->states_end(lane));
      CHECK(sorted_apart(states));
      CHECK(std::all_of(states.begin(), states.end(), [&](const Span& s) { return s.task == lane.task; }));
    }
    // Arrows by the time they point to, those at the same time in the order they were made (each
    // spawn or wake makes one, so by their event): the order a stable sort by to_ns gave them.
    CHECK(std::is_sorted(shared->arrows.begin(), shared->arrows.end(), [](const Arrow& a, const Arrow& b) {
      return a.to_ns < b.to_ns || (a.to_ns == b.to_ns && a.event < b.event);
    }));
  }
}
