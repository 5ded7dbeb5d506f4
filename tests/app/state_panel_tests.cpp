// The State panel at the playhead: what state_json says (the facts --dump-ui gives the tests) at
// the instants a lesson is about, and the panel itself drawn through ImGui without a window.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app_test_support.hpp"
#include "imgui_harness.hpp"
#include "panels/state_panel.hpp"
#include "panels/theme.hpp"
#include "wakeline/playhead/narrate.hpp"
#include "wakeline/playhead/state_timeline.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

using namespace wakeline;
using namespace wakeline::app;
using nlohmann::ordered_json;
using app_tests::lesson_trace;

namespace {

TaskId task_named(const TraceCatalog& catalog, std::string_view name) {
  for (TaskId id = 1; id < catalog.task_table_size(); ++id)
    if (const TaskInfo* task = catalog.task(id); task != nullptr && task->name == name) return id;
  FAIL("no task named " << name);
  return 0;
}

// The first event at or after `from` that `match` accepts.
template <typename Match>
std::size_t find_event(const Trace& trace, std::size_t from, Match match) {
  for (std::size_t i = from; i < trace.events.size(); ++i)
    if (match(trace.events[i])) return i;
  FAIL("no such event after " << from);
  return 0;
}

const ordered_json& entry_named(const ordered_json& list, std::string_view name) {
  for (const ordered_json& entry : list)
    if (entry.at("name") == name) return entry;
  FAIL("nothing named " << name << " in " << list.dump());
  return list;
}

const ordered_json& task_entry(const ordered_json& state, TaskId id) {
  for (const ordered_json& task : state.at("tasks"))
    if (task.at("id") == id) return task;
  FAIL("task " << id << " is not listed");
  return state;
}

std::vector<TaskId> task_ids(const ordered_json& list) { return list.get<std::vector<TaskId>>(); }

// One ImGui context with the app's theme, and the panel in a window the size of the real column.
class PanelHarness {
 public:
  explicit PanelHarness(float ui_scale) : scale_(ui_scale), imgui_(ImVec2(1600.0f * ui_scale, 900.0f * ui_scale), ui_scale) {}

  // One frame; returns the vertices ImGui drew.
  int frame(const RuntimeState& state, const TraceCatalog& catalog, TaskId& selected, const StatePanelOptions& options = {}) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(360.0f * scale_, 860.0f * scale_));
    ImGui::Begin("State", nullptr, ImGuiWindowFlags_NoTitleBar);
    draw_state_panel(state, catalog, selected, imgui_.fonts(), scale_, options);
    ImGui::End();
    ImGui::Render();
    return ImGui::GetDrawData()->TotalVtxCount;
  }

 private:
  float scale_;
  testing::ImGuiHarness imgui_;
};

}  // namespace

TEST_CASE("with capacity 1, while the pinger waits for room in pings, one ping is buffered and the pinger is its "
          "waiting sender",
          "[state_panel]") {
  const Trace trace = lesson_trace("channel-ping-pong", {"capacity=1"});
  const StateTimeline timeline(trace);
  const TraceCatalog& catalog = timeline.catalog();
  const TaskId pinger = task_named(catalog, "pinger");
  const std::size_t wait = find_event(trace, 0, [&](const Event& e) {
    return e.kind == EventKind::ChannelWait && e.task == pinger && e.b() == static_cast<std::uint64_t>(WaitSide::Send) &&
           catalog.channel_name(e.a()) == "pings";
  });

  const ordered_json state = state_json(timeline.state_at(wait + 1), catalog);
  CHECK(state.at("position") == wait + 1);
  CHECK(state.at("time_ns") == trace.events[wait].time_ns);
  const ordered_json& pings = entry_named(state.at("channels"), "pings");
  CHECK(pings.at("kind") == "mpsc");
  CHECK(pings.at("capacity") == 1);
  CHECK(pings.at("buffered").size() == 1);
  CHECK(task_ids(pings.at("waiting_senders")) == std::vector<TaskId>{pinger});
  CHECK(pings.at("waiting_receivers").empty());
  CHECK(pings.at("closed") == false);
  // It waits inside the poll that sent the burst: still polled by the only worker.
  const ordered_json& worker = state.at("workers").at(0);
  CHECK(worker.at("activity") == "polling");
  CHECK(worker.at("task") == pinger);
  CHECK(worker.at("task_name") == "pinger");
  CHECK(task_entry(state, pinger).at("status") == "running");
  CHECK(task_entry(state, pinger).at("name") == "pinger");

  // Before its ChannelWait, the channel is full but nobody waits on it yet.
  const ordered_json before = state_json(timeline.state_at(wait), catalog);
  CHECK(entry_named(before.at("channels"), "pings").at("waiting_senders").empty());
}

TEST_CASE("in the worker queue, a oneshot reply channel is pending with main waiting on it for the answer",
          "[state_panel]") {
  const Trace trace = lesson_trace("worker-queue", {"items=3", "report_ms=15"});
  const StateTimeline timeline(trace);
  const TraceCatalog& catalog = timeline.catalog();
  const TaskId main = task_named(catalog, "main");
  const std::size_t wait = find_event(trace, 0, [&](const Event& e) {
    return e.kind == EventKind::ChannelWait && e.task == main && e.b() == static_cast<std::uint64_t>(WaitSide::Recv) &&
           catalog.channel_name(e.a()) == "reply";
  });
  const std::uint64_t reply = trace.events[wait].a();
  // After main's poll has ended: it is waiting, not running.
  const std::size_t parked = find_event(trace, wait, [&](const Event& e) { return e.kind == EventKind::PollEnd && e.task == main; });

  const ordered_json state = state_json(timeline.state_at(parked + 1), catalog);
  const ordered_json* channel = nullptr;
  for (const ordered_json& ch : state.at("channels"))
    if (ch.at("id") == reply) channel = &ch;
  REQUIRE(channel != nullptr);
  CHECK(channel->at("name") == "reply");
  CHECK(channel->at("kind") == "oneshot");
  CHECK(channel->at("buffered").empty());
  CHECK(task_ids(channel->at("waiting_receivers")) == std::vector<TaskId>{main});
  CHECK(channel->at("closed") == false);
  const ordered_json& m = task_entry(state, main);
  CHECK(m.at("status") == "waiting");
  CHECK(m.at("waiting_on") == "channel recv");
  CHECK(m.at("object") == reply);
  // The work queue exists too, and lists who made it.
  CHECK(entry_named(state.at("channels"), "work queue").at("kind") == "mpsc");
}

TEST_CASE("a small lesson lists every spawned task, ended ones too, one with 3000 tasks only the live ones, with counts",
          "[state_panel]") {
  {
    const Trace trace = lesson_trace("sequential-vs-join", {"requests=4"}, "spawn");
    const StateTimeline timeline(trace);
    const ordered_json state = state_json(timeline.state_at(timeline.size()), timeline.catalog());
    CHECK(state.at("ended") == true);
    CHECK(state.at("ended_tasks_listed") == true);
    CHECK(state.at("tasks").size() == 5);  // main and four requests
    for (const ordered_json& task : state.at("tasks")) CHECK(task.at("status") == "completed");
    CHECK(state.at("task_counts").at("completed") == 5);
  }
  {
    const Trace trace = lesson_trace("work-stealing", {"tasks=3000"});
    const StateTimeline timeline(trace);
    const ordered_json state = state_json(timeline.state_at(timeline.size() / 2), timeline.catalog());
    CHECK(state.at("ended_tasks_listed") == false);
    const ordered_json& counts = state.at("task_counts");
    CHECK(counts.at("spawned") > 2000);
    CHECK(counts.at("completed") > 0);
    std::size_t live = 0;
    for (const char* status : {"ready", "running", "waiting"}) live += counts.at(status).get<std::size_t>();
    CHECK(state.at("tasks").size() == live);
    for (const ordered_json& task : state.at("tasks")) {
      CHECK(task.at("status") != "completed");
      CHECK(task.at("status") != "cancelled");
    }
  }
}

TEST_CASE("the panel draws every state of a lesson at 100% and 250% without changing the selection by itself",
          "[state_panel]") {
  const float scale = GENERATE(1.0f, 2.5f);
  struct Case {
    const char* lesson;
    std::vector<std::string> settings;
    const char* variant;
  };
  const Case lesson = GENERATE(values<Case>({
      {"worker-queue", {"items=3", "report_ms=15"}, ""},
      {"channel-ping-pong", {"capacity=1", "rounds=4"}, ""},
      {"blocking-executor", {}, "spawn_blocking"},
      {"work-stealing", {"tasks=200"}, ""},
  }));
  INFO(lesson.lesson << " at " << scale);
  const Trace trace = lesson_trace(lesson.lesson, lesson.settings, lesson.variant);
  const StateTimeline timeline(trace);
  PanelHarness panel(scale);
  const TaskId selected_before = GENERATE(0u, 1u);
  TaskId selected = selected_before;
  RuntimeState state = timeline.state_at(0);
  for (std::size_t p = 0;; ++p) {
    CHECK(panel.frame(state, timeline.catalog(), selected) > 0);
    if (!timeline.step(state)) break;
  }
  CHECK(selected == selected_before);
}

TEST_CASE("a frame of a lesson with 20000 tasks in the queues draws only what is on screen", "[state_panel]") {
  const Trace trace = lesson_trace("work-stealing", {"tasks=20000"});
  const StateTimeline timeline(trace);
  const TraceCatalog& catalog = timeline.catalog();
  // Right after main spawned them all: most are queued.
  const TaskId main = task_named(catalog, "main");
  const std::size_t spawned = find_event(trace, 0, [&](const Event& e) { return e.kind == EventKind::PollEnd && e.task == main; });
  const RuntimeState state = timeline.state_at(spawned + 1);
  REQUIRE(state.inject.size() > 10000);
  PanelHarness panel(1.0f);
  TaskId selected = 0;
  panel.frame(state, catalog, selected);  // the first frame lays out the sections
  const auto start = std::chrono::steady_clock::now();
  int vertices = 0;
  for (int i = 0; i < 10; ++i) vertices = panel.frame(state, catalog, selected);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / 10;
  WARN("one frame with 20000 tasks: " << ms << " ms, " << vertices << " vertices");
  CHECK(vertices < 60000);  // chips are capped and rows clipped: not one row per task
  CHECK(ms < 50.0);         // loose: Debug and sanitizer builds are slower
}

namespace {

// The words the panel draws for one state, line by line.
std::vector<std::string> panel_words(const RuntimeState& state, const TraceCatalog& catalog, bool hide_future = false) {
  PanelHarness panel(1.0f);
  TaskId selected = 0;
  std::vector<std::string> shown;
  panel.frame(state, catalog, selected, {.hide_future = hide_future, .shown = &shown});
  return shown;
}

bool says(const std::vector<std::string>& words, std::string_view text) {
  for (const std::string& word : words)
    if (word.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("main waiting in join_next at the limit of 3 waits for the first of 3 tasks in the set, in the panel and "
          "the narration",
          "[state_panel]") {
  const Trace trace = lesson_trace("joinset-limit");
  const StateTimeline timeline(trace);
  const TraceCatalog& catalog = timeline.catalog();
  const TaskId main = task_named(catalog, "main");
  // main's first Pending poll: it has spawned pages 1 to 3 and waits for one of them.
  const std::size_t wait = find_event(trace, 0, [&](const Event& e) {
    return e.kind == EventKind::PollEnd && e.task == main && e.a() == static_cast<std::uint64_t>(PollResult::Pending);
  });
  CHECK(Narrator(catalog).line(wait) == "`main` returns Pending: it waits for the first of 3 tasks in the set");
  const RuntimeState& state = timeline.state_at(wait + 1);
  CHECK(state.task(main).waiting_on == WaitingOn::JoinSet);
  const std::vector<std::string> words = panel_words(state, catalog);
  CHECK(says(words, "for the first of 3 tasks in the set"));
  // Not the page that happens to finish first: that is still to come.
  CHECK_FALSE(says(words, "to finish"));
}

TEST_CASE("with Reveal, the panel gives neither the run's length nor when a pending timer fires", "[state_panel]") {
  const Trace trace = lesson_trace("sequential-vs-join");
  const StateTimeline timeline(trace);
  const TraceCatalog& catalog = timeline.catalog();
  // Just after main's first poll, in which it set a 1000 ms timer.
  const std::size_t set = find_event(trace, 0, [](const Event& e) { return e.kind == EventKind::TimerSet; });
  const std::size_t pending = find_event(trace, set, [](const Event& e) { return e.kind == EventKind::PollEnd; });
  const RuntimeState& state = timeline.state_at(pending + 1);
  const std::string of = " of " + std::to_string(catalog.event_count());

  const std::vector<std::string> open = panel_words(state, catalog);
  CHECK(says(open, of));
  CHECK(says(open, "in 1000 ms"));

  const std::vector<std::string> hidden = panel_words(state, catalog, true);
  CHECK(says(hidden, "event " + std::to_string(pending + 1)));
  CHECK_FALSE(says(hidden, of));
  CHECK_FALSE(says(hidden, "1000 ms"));
  CHECK_FALSE(says(hidden, "1 s"));
  CHECK(says(hidden, "for timer 1"));
  CHECK(state_json(state, catalog, true).at("timers").at(0).at("deadline_ns").is_null());
}

TEST_CASE("cpu_work reads busy on the CPU and running, block_thread reads blocked", "[state_panel]") {
  const auto words_at_first_blocking = [](const Trace& trace, BlockingKind kind) {
    const StateTimeline timeline(trace);
    const std::size_t start = find_event(trace, 0, [&](const Event& e) {
      return e.kind == EventKind::BlockingStart && e.a() == static_cast<std::uint64_t>(kind);
    });
    return panel_words(timeline.state_at(start + 1), timeline.catalog());
  };
  const std::vector<std::string> computing = words_at_first_blocking(lesson_trace("spawn-blocking-analysis", {}, "inline"),
                                                                     BlockingKind::CpuWork);
  CHECK(says(computing, "busy on the CPU in cpu_work"));
  CHECK_FALSE(says(computing, "blocked"));
  const std::vector<std::string> sleeping = words_at_first_blocking(lesson_trace("blocking-executor", {}, "thread_sleep"),
                                                                    BlockingKind::BlockThread);
  CHECK(says(sleeping, "blocked in block_thread"));
  CHECK(says(sleeping, "main 1 blocked"));
}

TEST_CASE("the State page shows ping 4 as the lesson prints it, 4, and message #3 when the trace has no text",
          "[state_panel]") {
  const Trace trace = lesson_trace("channel-ping-pong", {"rounds=5"});
  const StateTimeline timeline(trace);
  const TraceCatalog& catalog = timeline.catalog();
  const std::uint64_t pings = [&] {
    for (const Event& e : trace.events)
      if (e.kind == EventKind::ChannelCreated && catalog.channel_name(e.a()) == "pings") return e.a();
    return std::uint64_t{0};
  }();
  // Just after ping 4 (sequence number 3) went into the buffer behind pings 1 to 3: the ponger
  // has not been polled yet.
  const std::size_t sent = find_event(trace, 0, [&](const Event& e) {
    return e.kind == EventKind::ChannelSend && e.a() == pings && e.b() == 3;
  });
  const RuntimeState& state = timeline.state_at(sent + 1);
  const ordered_json channel = entry_named(state_json(state, catalog).at("channels"), "pings");
  CHECK(channel.at("buffered") == ordered_json({0, 1, 2, 3}));
  CHECK(channel.at("buffered_texts") == ordered_json({"1", "2", "3", "4"}));
  const auto shows = [](const std::vector<std::string>& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
  };
  const std::vector<std::string> words = panel_words(state, catalog);
  CHECK(shows(words, "4"));
  CHECK_FALSE(shows(words, "#3"));
  CHECK_FALSE(shows(words, "5"));  // ping 5 is still to come, Reveal or not
  CHECK(shows(panel_words(state, catalog, true), "4"));

  // A trace from before texts were recorded: the sequence numbers, as before.
  Trace old = trace;
  old.messages.clear();
  const StateTimeline old_timeline(old);
  const std::vector<std::string> old_words = panel_words(old_timeline.state_at(sent + 1), old_timeline.catalog());
  CHECK(shows(old_words, "#3"));
  CHECK_FALSE(shows(old_words, "4"));
}
