#include "run_controller.hpp"

#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>

#include "timeline/timeline_navigation.hpp"
#include "wakeline/live_run.hpp"
#include "wakeline/playhead/narrate.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

namespace wakeline::app {

namespace sc = wakeline::scenarios;

struct RunController::Shared {
  LiveRun live;
  ClockKind clock = ClockKind::Virtual;
  std::mutex mutex;
  std::condition_variable ended;
  bool done = false;                  // guarded by mutex
  std::optional<FinishedRun> result;  // guarded by mutex
};

RunController::~RunController() { shutdown(kShutdownGrace); }

bool RunController::start(const sc::Lesson& lesson, const sc::LessonSetup& setup) {
  if (busy()) return false;
  if (thread_.joinable()) thread_.join();  // the previous run's thread, long finished
  auto shared = std::make_shared<Shared>();
  shared->clock = setup.runtime.clock;
  // The thread holds its own reference: if shutdown() gives up on it, what it writes stays valid.
  thread_ = std::thread([shared, &lesson, setup] {
    FinishedRun finished;
    try {
      finished.report = sc::run_lesson(lesson, setup.params, setup.runtime, &shared->live);
    } catch (const std::exception& error) {
      finished.error = error.what();
    } catch (...) {
      finished.error = "unknown error";
    }
    std::lock_guard guard(shared->mutex);
    shared->result = std::move(finished);
    shared->done = true;
    shared->ended.notify_all();
  });
  shared_ = std::move(shared);
  return true;
}

void RunController::request_stop() {
  if (shared_) shared_->live.request_stop();
}

std::optional<FinishedRun> RunController::take_finished() {
  if (!shared_) return std::nullopt;
  std::optional<FinishedRun> result;
  {
    std::lock_guard guard(shared_->mutex);
    if (!shared_->done) return std::nullopt;
    result = std::move(shared_->result);
  }
  if (thread_.joinable()) thread_.join();  // it has only its return left to do
  shared_.reset();
  return result;
}

std::shared_ptr<const Trace> RunController::snapshot() const {
  if (!shared_ || !shared_->live.running()) return nullptr;
  return std::make_shared<const Trace>(shared_->live.snapshot());
}

bool RunController::wait_for(std::chrono::milliseconds timeout) {
  if (!shared_) return true;
  std::unique_lock lock(shared_->mutex);
  return shared_->ended.wait_for(lock, timeout, [&] { return shared_->done; });
}

bool RunController::shutdown(std::chrono::milliseconds grace) {
  if (!shared_) {
    if (thread_.joinable()) thread_.join();
    return true;
  }
  request_stop();
  if (wait_for(grace)) {
    if (thread_.joinable()) thread_.join();
    shared_.reset();
    return true;
  }
  // Still inside a blocking call the lesson made (a long thread sleep): joining would freeze the
  // window, so the thread is let go; it owns what it touches through its reference to Shared.
  if (thread_.joinable()) thread_.detach();
  shared_.reset();
  return false;
}

// ---- Connecting a run to the AppState ------------------------------------------------------

namespace {

std::string clock_text(ClockKind clock) { return std::string(to_string(clock)) + " clock"; }

void set_status(AppState& state, RunPhase phase, std::string headline, std::vector<std::string> details = {}) {
  state.run.phase = phase;
  state.run.headline = std::move(headline);
  state.run.details = std::move(details);
}

// What the status line and the console say about a run that ended.
// `finished.report.trace` may have been moved out already; the deadlock list is read from `trace`.
void report_outcome(AppState& state, const FinishedRun& finished, const Trace& trace) {
  const ClockKind clock = state.run.clock;
  if (!finished.error.empty()) {
    set_status(state, RunPhase::Failed, "The run could not start", {finished.error});
    log_line(state, "The run could not start: " + finished.error, ConsoleLine::Kind::Error);
    return;
  }
  const RunReport& report = finished.report;
  // The one way a total reads everywhere: status, console, narration, toolbar, compare.
  const std::string length = narrate_duration(report.total_ns);
  if (report.deadlocked) {
    std::vector<std::string> stuck;
    for (const DeadlockEntry& entry : trace.run.deadlock) {
      stuck.push_back("task " + std::to_string(entry.task) + " '" + entry.task_name + "' waits on " + entry.waits_on);
    }
    set_status(state, RunPhase::Deadlocked, "Deadlock after " + length + ": no task can ever be woken", stuck);
    log_line(state, "Deadlock after " + length + ": no task can ever be woken.", ConsoleLine::Kind::Error);
    for (const std::string& line : stuck) log_line(state, "  " + line, ConsoleLine::Kind::Error);
  } else if (report.fault == "stopped by the user") {
    set_status(state, RunPhase::Stopped, "Stopped after " + length + " (" + clock_text(clock) + ")",
               {"Tasks still alive were cancelled; the timeline shows what ran until then."});
    log_line(state, "Stopped after " + length + ".");
  } else if (!report.fault.empty()) {
    set_status(state, RunPhase::Failed, "The run failed after " + length, {report.fault});
    log_line(state, "The run failed after " + length + ": " + report.fault, ConsoleLine::Kind::Error);
  } else {
    set_status(state, RunPhase::Finished, "Finished in " + length + " (" + clock_text(clock) + ")");
    log_line(state, "Finished in " + length + " (" + clock_text(clock) + ").");
  }
}

}  // namespace

std::vector<std::string> setup_assignments(const sc::Lesson& lesson, const sc::LessonSetup& setup) {
  std::vector<std::string> assignments;
  for (const auto& [key, value] : sc::params_as_text(lesson, setup.params)) assignments.push_back(key + "=" + value);
  const sc::RuntimeSettings& runtime = setup.runtime;
  assignments.push_back("flavor=" + std::string(to_string(runtime.flavor)));
  assignments.push_back("workers=" + std::to_string(runtime.workers));
  assignments.push_back("clock=" + std::string(to_string(runtime.clock)));
  assignments.push_back("seed=" + std::to_string(runtime.seed));
  assignments.push_back("cores=" + std::to_string(runtime.cores));
  assignments.push_back("timer_tick=" + std::to_string(runtime.timer_tick_ms));
  return assignments;
}

std::string run_title(const sc::Lesson& lesson, const sc::LessonSetup& setup) {
  std::string title = lesson.id + " (";
  bool first = true;
  for (const auto& [key, value] : sc::params_as_text(lesson, setup.params)) {
    title += (first ? "" : ", ") + key + "=" + value;
    first = false;
  }
  return title + ")";
}

void show_trace(AppState& state, std::shared_ptr<const Trace> trace, std::string title) {
  state.trace = std::move(trace);
  state.trace_title = std::move(title);
  // The model points into the trace it was built from: never let it outlive it, nor let a new
  // trace at the same address pass for the old one.
  state.timeline.model.reset();
  // Fitted before anything else looks at the window: the playhead, standing at the new run's end,
  // would otherwise pan the previous run's zoom to it (a 2 s run shown as 1.99-2.02 s).
  if (state.timeline.follow_run) state.timeline.fit_requested = true;
}

void show_printed_output(AppState& state, const Trace& trace) {
  state.console.resize(std::min(state.run_output_start, state.console.size()));
  for (const Event& event : trace.events) {
    if (event.kind != EventKind::Print) continue;
    state.console.push_back(
        ConsoleLine{ConsoleLine::Kind::Output, std::string(trace.str(static_cast<StringId>(event.a()))), event.time_ns});
  }
}

void start_run(RunController& runs, AppState& state, double now_s) {
  if (runs.busy()) {
    log_line(state, "A run is still going: press Stop first.");
    return;
  }
  const sc::Lesson* lesson = find_lesson_in(state.catalog, state.lesson.lesson_id);
  if (lesson == nullptr) {
    set_status(state, RunPhase::Failed, "No lesson '" + state.lesson.lesson_id + "'");
    return;
  }
  // The panel edits values freely; the lesson's own rules (ranges, workers on current_thread)
  // are checked here, the same way `wakeline run --set` checks them.
  const sc::SetupParse parse = sc::parse_setup(*lesson, {{}, setup_assignments(*lesson, state.lesson.setup)});
  if (!parse.ok()) {
    set_status(state, RunPhase::Failed, "Cannot run with these settings", {parse.error});
    log_line(state, parse.error, ConsoleLine::Kind::Error);
    return;
  }
  runs.start(*lesson, parse.setup);
  state.run = RunStatus{};
  state.run.phase = RunPhase::Running;
  state.run.lesson_id = lesson->id;
  state.run.clock = parse.setup.runtime.clock;
  state.run.started_at_s = now_s;
  state.run.headline = "Running";
  start_following_new_run(state.timeline);
  // The previous run leaves the screen: until this one shows, the timeline says it is running.
  show_trace(state, nullptr, run_title(*lesson, parse.setup));
  log_line(state, "Run " + state.trace_title + " on " + std::string(to_string(parse.setup.runtime.flavor)) +
                      (parse.setup.runtime.flavor == Flavor::MultiThread
                           ? " with " + std::to_string(parse.setup.runtime.workers) + " workers"
                           : "") +
                      ", " + clock_text(parse.setup.runtime.clock) + ", seed " + std::to_string(parse.setup.runtime.seed));
  state.run_output_start = state.console.size();
}

void update_run(RunController& runs, AppState& state, double now_s, double snapshot_every_s) {
  if (!runs.busy()) return;
  if (std::optional<FinishedRun> finished = runs.take_finished()) {
    if (!finished->error.empty()) {
      report_outcome(state, *finished, Trace{});
      return;
    }
    auto trace = std::make_shared<const Trace>(std::move(finished->report.trace));
    show_printed_output(state, *trace);
    show_trace(state, trace, state.trace_title);
    report_outcome(state, *finished, *trace);
    return;
  }
  // A real-clock run grows on screen; a virtual one ends too soon for snapshots to be worth copying.
  if (state.run.clock != ClockKind::Real) return;
  if (now_s - state.run.last_snapshot_s < snapshot_every_s) return;
  state.run.last_snapshot_s = now_s;
  if (std::shared_ptr<const Trace> trace = runs.snapshot()) {
    show_printed_output(state, *trace);
    show_trace(state, std::move(trace), state.trace_title);
  }
}

}  // namespace wakeline::app
