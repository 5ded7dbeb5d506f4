// Stepping through a lesson the way a teacher does with the keys: every step forward and back
// lands on the same state, the poll and task moves stop where they say, playing reaches the end.
#include <catch2/catch.hpp>

#include <memory>

#include "playhead_controls.hpp"
#include "timeline_lesson_traces.hpp"

namespace {

using namespace wakeline;
using namespace wakeline::app;

PlayheadView view_of(std::shared_ptr<const Trace> trace) {
  PlayheadView view;
  sync_playhead(view, trace, false);
  return view;
}

std::shared_ptr<const Trace> shared_lesson(std::string_view id, std::vector<std::string> settings = {}) {
  return std::make_shared<const Trace>(timeline_tests::lesson_trace(id, std::move(settings)));
}

}  // namespace

TEST_CASE("a finished run opens with the playhead after its last event", "[playhead]") {
  const auto trace = shared_lesson("sequential-vs-join");
  const PlayheadView view = view_of(trace);
  REQUIRE(playhead_ready(view));
  CHECK(view.position == trace->events.size());
  CHECK(playhead_at_end(view));
  CHECK(view.state.ended);
  CHECK(playhead_time_ns(view) == static_cast<double>(trace->events.back().time_ns));
}

TEST_CASE("a run still going gets no playhead until it ends", "[playhead]") {
  const auto trace = shared_lesson("sequential-vs-join");
  PlayheadView view;
  sync_playhead(view, trace, true);
  CHECK_FALSE(playhead_ready(view));
  CHECK_FALSE(step_back(view));
  sync_playhead(view, trace, false);
  CHECK(playhead_ready(view));
}

TEST_CASE("stepping forward then back over every event returns the same state at each step", "[playhead]") {
  const char* lesson = GENERATE("sequential-vs-join", "channel-ping-pong", "worker-queue", "blocking-executor");
  INFO(lesson);
  const auto trace = shared_lesson(lesson);
  PlayheadView view = view_of(trace);
  seek(view, 0);
  std::vector<RuntimeState> forward{view.state};
  while (step_forward(view)) forward.push_back(view.state);
  REQUIRE(forward.size() == trace->events.size() + 1);
  for (std::size_t position = forward.size() - 1; position-- > 0;) {
    REQUIRE(step_back(view));
    REQUIRE(view.position == position);
    REQUIRE(view.state == forward[position]);
  }
  CHECK_FALSE(step_back(view));
}

TEST_CASE("the poll keys stop just after a PollStart, so the state shows the poll running", "[playhead]") {
  const auto trace = shared_lesson("sequential-vs-join", {"mode=join"});
  PlayheadView view = view_of(trace);
  seek(view, 0);
  REQUIRE(to_next_poll(view));
  const Event& first = trace->events[view.position - 1];
  CHECK(first.kind == EventKind::PollStart);
  const auto polling = std::count_if(view.state.workers.begin(), view.state.workers.end(),
                                     [&](const WorkerState& w) { return w.activity == WorkerActivity::Polling; });
  CHECK(polling == 1);
  const std::size_t after_first = view.position;
  REQUIRE(to_next_poll(view));
  CHECK(trace->events[view.position - 1].kind == EventKind::PollStart);
  REQUIRE(to_previous_poll(view));
  CHECK(view.position == after_first);
  CHECK_FALSE(to_previous_poll(view));  // nothing was polled before the first poll
}

TEST_CASE("the task keys visit only the selected task's events", "[playhead]") {
  const auto trace = shared_lesson("channel-ping-pong");
  PlayheadView view = view_of(trace);
  seek(view, 0);
  const TaskId main_task = 1;
  std::size_t visits = 0;
  while (to_next_event_of(view, main_task)) {
    CHECK(trace->events[view.position - 1].task == main_task);
    ++visits;
  }
  CHECK(visits > 2);
  CHECK_FALSE(to_next_event_of(view, 0));  // no task selected: nothing to follow
}

TEST_CASE("playing through time reaches the end and stops there", "[playhead]") {
  const auto trace = shared_lesson("sequential-vs-join");  // 2000 ms of virtual time
  PlayheadView view = view_of(trace);
  toggle_play(view);  // at the end: starts again from the beginning
  CHECK(view.playing);
  CHECK(view.position == 0);
  view.time_scale = 100;  // 2 s of trace in 20 ms of wall time, frame by frame
  for (int frame = 0; frame < 2000 && view.playing; ++frame) advance_play(view, 1.0 / 60);
  CHECK_FALSE(view.playing);
  CHECK(playhead_at_end(view));
}

TEST_CASE("playing at a fixed number of events per second takes that many steps", "[playhead]") {
  const auto trace = shared_lesson("sequential-vs-join");
  PlayheadView view = view_of(trace);
  seek(view, 0);
  view.mode = PlayMode::EventsPerSecond;
  view.events_per_second = 10;
  toggle_play(view);
  for (int frame = 0; frame < 10; ++frame) advance_play(view, 0.1);  // one second
  CHECK(view.position == 10);
}

TEST_CASE("a code line's events: the next one after the playhead, wrapping to the first", "[playhead]") {
  const auto trace = shared_lesson("channel-ping-pong");
  PlayheadView view = view_of(trace);
  REQUIRE_FALSE(view.cache->source.file.empty());
  seek(view, 0);
  // The line of the first event that came from the lesson's code.
  std::uint32_t line = 0;
  for (const Event& event : trace->events) {
    if ((line = lesson_line(view.cache->source, event)) != 0) break;
  }
  REQUIRE(line != 0);
  const std::size_t count = events_at_line(view, line);
  REQUIRE(count > 0);
  CHECK(event_times_at_line(view, line).size() == count);
  REQUIRE(to_next_event_at_line(view, line));
  const std::size_t first = view.position;
  CHECK(lesson_line(view.cache->source, trace->events[first - 1]) == line);
  CHECK(view.code.highlighted == line);
  for (std::size_t i = 1; i < count; ++i) REQUIRE(to_next_event_at_line(view, line));
  REQUIRE(to_next_event_at_line(view, line));  // past the last: back to the first
  CHECK(view.position == first);
}

TEST_CASE("scrubbing to a time puts the playhead after every event at or before it", "[playhead]") {
  const auto trace = shared_lesson("sequential-vs-join");
  PlayheadView view = view_of(trace);
  to_time(view, 1.5e9);  // between the two sequential responses
  REQUIRE(view.position > 0);
  CHECK(trace->events[view.position - 1].time_ns <= 1'500'000'000u);
  if (view.position < trace->events.size()) CHECK(trace->events[view.position].time_ns > 1'500'000'000u);
  CHECK(playhead_time_ns(view) == 1.5e9);
}

TEST_CASE("a playhead asked for past the end stands at the end and says so", "[playhead]") {
  const auto trace = shared_lesson("sequential-vs-join");
  PlayheadView view;
  view.seek_on_load = 99999;
  const std::string note = sync_playhead(view, trace, false);
  CHECK(view.position == trace->events.size());
  CHECK(note.find("99999") != std::string::npos);
  CHECK(note.find("0 to " + std::to_string(trace->events.size())) != std::string::npos);
  PlayheadView fine;
  fine.seek_on_load = 3;
  CHECK(sync_playhead(fine, trace, false).empty());
  CHECK(fine.position == 3);
}

TEST_CASE("the play speed reads '1 event/s', not '1 events/s'", "[playhead]") {
  PlayheadView view;
  view.mode = PlayMode::EventsPerSecond;
  view.events_per_second = 1;
  CHECK(speed_text(view) == "1 event/s");
  view.events_per_second = 100;
  CHECK(speed_text(view) == "100 events/s");
}
