// Runs one lesson at a time on a background thread, so the window keeps drawing while it goes:
// virtual-clock runs end within moments, real-clock runs take as long as the lesson says and are
// watched live through a LiveRun snapshot. Stop asks the runtime to cancel what is left; the run
// then ends by itself, as "stopped", keeping what it recorded. A deadlock or a failed main is a
// result like any other, shown as a message; nothing the lesson does reaches the UI as an exception.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app_state.hpp"
#include "wakeline/runtime.hpp"
#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/scenarios/params.hpp"

namespace wakeline::app {

struct FinishedRun {
  RunReport report;
  std::string error;  // set instead of a report when the run could not start (run_lesson threw)
};

class RunController {
 public:
  RunController() = default;
  RunController(const RunController&) = delete;
  RunController& operator=(const RunController&) = delete;
  ~RunController();  // shutdown(kShutdownGrace)

  static constexpr std::chrono::milliseconds kShutdownGrace{3000};

  // True from start() until take_finished() has handed the result over.
  bool busy() const { return shared_ != nullptr; }
  // Starts the lesson with already-checked settings. False (and nothing started) while busy().
  bool start(const scenarios::Lesson& lesson, const scenarios::LessonSetup& setup);
  void request_stop();
  // The run's result, once, after it ended; nullopt while it goes (or when nothing was started).
  std::optional<FinishedRun> take_finished();
  // What a running run has recorded so far (merged and sorted); null when no run is going.
  std::shared_ptr<const Trace> snapshot() const;
  // Blocks until the run ends or `timeout` passes; true if it ended (or nothing runs).
  bool wait_for(std::chrono::milliseconds timeout);
  // Stops a run still going and waits up to `grace` for its thread. False if the lesson would not
  // end in time (stuck in a long blocking call): its thread is then left to end with the process.
  bool shutdown(std::chrono::milliseconds grace);

 private:
  struct Shared;  // what the run's thread and the UI share; kept alive by both
  std::shared_ptr<Shared> shared_;
  std::thread thread_;
};

// ---- Connecting a run to the AppState ------------------------------------------------------

// The panel's values as `--set` assignments, parameters first, then flavor, workers, clock, seed:
// the one form parse_setup, the settings file and the CLI all take.
std::vector<std::string> setup_assignments(const scenarios::Lesson& lesson, const scenarios::LessonSetup& setup);

// "sequential-vs-join (mode=join, requests=2, latency_ms=1000)"
std::string run_title(const scenarios::Lesson& lesson, const scenarios::LessonSetup& setup);

// Checks the Parameters panel's values and starts the run. A value the lesson refuses, or a run
// still going, is said in the status line and the console instead. `now_s` is a steady clock.
void start_run(RunController& runs, AppState& state, double now_s);

// Once per frame: a finished run's trace, status and printed output go into the state; while a
// real-clock run goes, its latest snapshot does (at most every `snapshot_every_s`).
void update_run(RunController& runs, AppState& state, double now_s, double snapshot_every_s = 0.2);

// The trace's Print events as console lines with their times, replacing those of the previous run.
void show_printed_output(AppState& state, const Trace& trace);

// Replaces what the timeline and inspector show; the timeline's model is dropped with the old trace.
void show_trace(AppState& state, std::shared_ptr<const Trace> trace, std::string title);

}  // namespace wakeline::app
