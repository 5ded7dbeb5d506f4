// Running one lesson with chosen parameters and runtime settings, and summing the run up: the
// trace (with the scenario id, the parameters and the lesson's source in its RunInfo), and the
// headline numbers `wakeline run --summary` prints as one JSON object.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "wakeline/runtime.hpp"
#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/scenarios/params.hpp"

namespace wakeline {
class LiveRun;
}

namespace wakeline::scenarios {

// How much virtual time a lesson may take. Every value its sliders offer must finish inside it:
// the far corners (10 000 items of 10 s each, 100 000 rounds with a 10 s handler) run for days
// of virtual time, which costs nothing on the virtual clock; a runaway lesson still ends at the
// runtime's event limit.
inline constexpr Nanos kLessonVirtualTimeLimit = std::chrono::hours(24 * 365 * 4);


// Runs the lesson's main task to its end. Parameters missing from `params` take their defaults.
// If main itself failed, report.fault says so ("main failed: ..."). Throws std::invalid_argument
// if the runtime settings are unusable (params.hpp's parse_setup never produces such settings).
RunReport run_lesson(const Lesson& lesson, const ParamValues& params, const RuntimeSettings& runtime,
                     LiveRun* live = nullptr);

// The texts of the trace's Print events, in order: what the lesson printed.
std::vector<std::string> printed_lines(const Trace& trace);

struct RunSummary {
  std::string scenario;
  std::vector<std::pair<std::string, std::string>> params;  // declaration order
  ClockKind clock = ClockKind::Virtual;
  Flavor flavor = Flavor::CurrentThread;
  std::uint32_t workers = 1;
  std::uint64_t seed = 0;
  double total_ms = 0;        // report.total_ns / 1e6
  std::uint64_t tasks = 0;    // TaskSpawned events: main, spawned tasks and blocking-pool jobs
  std::uint64_t events = 0;
  std::uint64_t polls = 0;    // PollStart events
  std::uint64_t steals = 0;   // TaskStolen events: tasks moved by work stealing
  std::vector<std::string> output;
  bool deadlocked = false;
  std::vector<DeadlockEntry> deadlock;
  std::string fault;
};

RunSummary summarize(const RunReport& report);

// One line of JSON: scenario, params (an object in declaration order), clock, flavor, workers,
// seed, total_ms, tasks, events, polls, steals, output, deadlock (null, or the list of stuck
// tasks), fault (null or the message).
std::string summary_json(const RunSummary& summary);
std::string summary_json(const RunReport& report);

}  // namespace wakeline::scenarios
