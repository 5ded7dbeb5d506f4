// Turns what a student asked for (a variant, `--set KEY=VALUE` strings) into checked parameter
// values and runtime settings (flavor, workers, clock, seed: parameters too) for one lesson.
// Every error names the key and value and lists what is allowed, so callers show it as is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::scenarios {

struct RuntimeSettings {
  Flavor flavor = Flavor::CurrentThread;
  std::uint32_t workers = 1;  // current_thread always has exactly 1
  ClockKind clock = ClockKind::Virtual;
  std::uint64_t seed = 1;
  std::uint32_t cores = 0;          // virtual clock: CPU cores cpu_work shares; 0 = one per thread
  std::uint32_t timer_tick_ms = 0;  // timers fire on ticks this far apart; 0 = exact, 1 = Tokio
  friend bool operator==(const RuntimeSettings&, const RuntimeSettings&) = default;
};

inline constexpr std::int64_t kMaxWorkers = 64;  // what the runtime accepts for multi_thread
inline constexpr std::int64_t kMaxCores = 64;
inline constexpr std::int64_t kMaxTimerTickMs = 1000;

// The runtime settings as parameter specs, in the order flavor, workers, clock, seed, cores,
// timer_tick; the flavor's choices and the defaults follow the lesson.
std::vector<ParamSpec> runtime_param_specs(const Lesson& lesson);

struct LessonSetup {
  ParamValues params;  // every lesson parameter, in declaration order
  RuntimeSettings runtime;
};

// The lesson's defaults: its parameters' defaults, its default flavor and workers, the virtual clock.
LessonSetup default_setup(const Lesson& lesson);

struct SetupRequest {
  std::string variant;                   // empty: none; applied first
  std::vector<std::string> assignments;  // "KEY=VALUE", applied in order after the variant
};

struct SetupParse {
  LessonSetup setup;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

// Defaults, then the variant, then the assignments (a later one wins); then workers are settled:
// an explicit value is kept (current_thread with workers other than 1 is an error), otherwise
// current_thread gets 1 and multi_thread the lesson's default. cores other than 0 needs the
// virtual clock.
SetupParse parse_setup(const Lesson& lesson, const SetupRequest& request);

// One value checked against its spec. On failure `error` reads like
// "latency_ms=0 is out of range: allowed a whole number from 1 to 60000 (ms)".
struct ValueParse {
  ParamValue value;
  std::string error;
  bool ok() const { return error.empty(); }
};
ValueParse parse_value(const ParamSpec& spec, std::string_view text);

// "a whole number from 1 to 60000 (ms)", "one of sequential, join, spawn", "true or false".
std::string describe_allowed(const ParamSpec& spec);

// The lesson's parameters as RunInfo wants them: [key, value text], in declaration order.
std::vector<std::pair<std::string, std::string>> params_as_text(const Lesson& lesson, const ParamValues& values);

}  // namespace wakeline::scenarios
