// Running lessons from the app: on a background thread, into the AppState, stoppable, and never
// an exception or a hang when the lesson deadlocks or is stopped.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "run_controller.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/pitfalls.hpp"
#include "wakeline/scenarios/registry.hpp"

using namespace wakeline;
using namespace wakeline::app;
using namespace std::chrono_literals;
namespace sc = wakeline::scenarios;

namespace {

AppState state_for(const std::string& id, std::vector<std::string> settings = {}) {
  AppState state;
  const sc::Lesson* lesson = sc::find_lesson(id);
  REQUIRE(lesson != nullptr);
  const sc::SetupParse parse = sc::parse_setup(*lesson, {{}, std::move(settings)});
  REQUIRE(parse.ok());
  state.lesson.lesson_id = id;
  state.lesson.setup = parse.setup;
  return state;
}

// Calls update_run the way frames do, until the run is over or `limit` passes.
void frames_until_done(RunController& runs, AppState& state, std::chrono::milliseconds limit = 10s) {
  const auto start = std::chrono::steady_clock::now();
  double now = 0;
  while (runs.busy() && std::chrono::steady_clock::now() - start < limit) {
    update_run(runs, state, now += 1.0);
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE_FALSE(runs.busy());
}

bool console_has(const AppState& state, const std::string& text) {
  for (const ConsoleLine& line : state.console)
    if (line.text.find(text) != std::string::npos) return true;
  return false;
}

// A lesson of our own whose main waits on a channel nobody will ever send on.
const sc::Lesson& deadlocking_lesson() {
  static const sc::Lesson lesson = [] {
    sc::Lesson l;
    l.id = "stuck";
    l.title = "stuck";
    l.flavors = {Flavor::CurrentThread};
    l.make_main = [](const sc::ParamValues&) -> Task<void> {
      auto [tx, rx] = mpsc::channel<int>(1, "jobs");
      (void)co_await rx.recv();
      (void)tx;
    };
    return l;
  }();
  return lesson;
}

}  // namespace

TEST_CASE("a virtual run ends on its own thread and its trace, status and printed lines land in the state", "[run]") {
  RunController runs;
  AppState state = state_for("sequential-vs-join", {"mode=join"});
  start_run(runs, state, 0.0);
  CHECK(state.run.phase == RunPhase::Running);
  CHECK(runs.busy());
  frames_until_done(runs, state);
  CHECK(state.run.phase == RunPhase::Finished);
  CHECK(state.run.headline == "Finished in 1000 ms (virtual clock)");  // one total, read the same everywhere
  REQUIRE(state.trace != nullptr);
  CHECK(state.trace->run.scenario == "sequential-vs-join");
  CHECK(state.trace_title == "sequential-vs-join (mode=join, requests=2, latency_ms=1000)");
  CHECK(console_has(state, "got response 2"));
  // Printed lines carry the time they were printed at.
  bool timed = false;
  for (const ConsoleLine& line : state.console) {
    if (line.text.starts_with("got response 2")) timed = line.time_ns && *line.time_ns >= 1'000'000'000u && *line.time_ns < 1'001'000'000u;
  }
  CHECK(timed);
}

TEST_CASE("values the lesson refuses are said in the status line, and nothing runs", "[run]") {
  RunController runs;
  AppState state = state_for("sequential-vs-join");
  state.lesson.setup.runtime.flavor = Flavor::CurrentThread;
  state.lesson.setup.runtime.workers = 4;  // current_thread has exactly one worker
  start_run(runs, state, 0.0);
  CHECK_FALSE(runs.busy());
  CHECK(state.run.phase == RunPhase::Failed);
  REQUIRE(state.run.details.size() == 1);
  CHECK(state.run.details[0].find("workers") != std::string::npos);
}

TEST_CASE("a second Run while one goes is refused, the first one is kept", "[run]") {
  RunController runs;
  AppState state = state_for("sequential-vs-join", {"clock=real", "latency_ms=300"});
  start_run(runs, state, 0.0);
  REQUIRE(runs.busy());
  start_run(runs, state, 0.1);
  CHECK(console_has(state, "A run is still going"));
  frames_until_done(runs, state);
  CHECK(state.run.phase == RunPhase::Finished);
}

TEST_CASE("a real-clock run shows up while it goes, and Stop ends it soon, keeping what ran", "[run][real]") {
  RunController runs;
  AppState state = state_for("sequential-vs-join", {"clock=real", "latency_ms=5000"});
  start_run(runs, state, 0.0);
  // Frames come and go: the timeline gets the run so far.
  const auto start = std::chrono::steady_clock::now();
  double now = 0;
  // The first snapshot may come before the run recorded anything: wait for one with events.
  while ((state.trace == nullptr || state.trace->events.empty()) && std::chrono::steady_clock::now() - start < 5s) {
    update_run(runs, state, now += 1.0);
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE(state.trace != nullptr);
  CHECK(state.run.phase == RunPhase::Running);
  CHECK_FALSE(state.trace->events.empty());

  const auto stop_pressed = std::chrono::steady_clock::now();
  runs.request_stop();
  frames_until_done(runs, state, 3s);
  CHECK(std::chrono::steady_clock::now() - stop_pressed < 2s);  // not the 10 s the lesson would take
  CHECK(state.run.phase == RunPhase::Stopped);
  CHECK(state.run.headline.starts_with("Stopped after"));
  REQUIRE(state.trace != nullptr);
}

TEST_CASE("a deadlock is a message naming what each stuck task waits on, not a crash or a hang", "[run]") {
  RunController runs;
  AppState state;
  REQUIRE(runs.start(deadlocking_lesson(), sc::LessonSetup{}));
  frames_until_done(runs, state);
  CHECK(state.run.phase == RunPhase::Deadlocked);
  CHECK(state.run.headline.starts_with("Deadlock after"));
  REQUIRE(state.run.details.size() == 1);
  CHECK(state.run.details[0] == "task 1 'main' waits on recv on channel 'jobs'");
  CHECK(console_has(state, "Deadlock after"));
  REQUIRE(state.trace != nullptr);  // what happened until then is still there to look at
}

TEST_CASE("shutting down waits for a run that is stopping, and for its blocking call", "[run][real]") {
  static const sc::Lesson blocking = [] {
    sc::Lesson l;
    l.id = "blocks";
    l.flavors = {Flavor::CurrentThread};
    l.make_main = [](const sc::ParamValues&) -> Task<void> {
      block_thread(300ms);
      co_return;
    };
    return l;
  }();
  RunController runs;
  sc::LessonSetup setup;
  setup.runtime.clock = ClockKind::Real;
  REQUIRE(runs.start(blocking, setup));
  std::this_thread::sleep_for(50ms);
  CHECK(runs.shutdown(5s));
  CHECK_FALSE(runs.busy());
}

TEST_CASE("the panel's values read back as --set assignments that parse to the same setup", "[run]") {
  const sc::Lesson& lesson = *sc::find_lesson("work-stealing");
  const sc::SetupParse parse = sc::parse_setup(lesson, {{}, {"tasks=64", "workers=3", "seed=9"}});
  REQUIRE(parse.ok());
  const std::vector<std::string> assignments = setup_assignments(lesson, parse.setup);
  CHECK(assignments == std::vector<std::string>{"tasks=64", "work_us=50", "flavor=multi_thread", "workers=3",
                                                "clock=virtual", "seed=9", "cores=0", "timer_tick=0"});
  const sc::SetupParse again = sc::parse_setup(lesson, {{}, assignments});
  REQUIRE(again.ok());
  CHECK(again.setup.runtime == parse.setup.runtime);
  CHECK(sc::params_as_text(lesson, again.setup.params) == sc::params_as_text(lesson, parse.setup.params));
}
