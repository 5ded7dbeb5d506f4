#include "wakeline/scenarios/run_lesson.hpp"

#include <nlohmann/json.hpp>

namespace wakeline::scenarios {

RunReport run_lesson(const Lesson& lesson, const ParamValues& params, const RuntimeSettings& runtime, LiveRun* live) {
  // Every declared parameter reaches the lesson, in declaration order, even if the caller left
  // some out: the lesson's getters never meet a missing key.
  ParamValues complete;
  for (const auto& spec : lesson.params) {
    const ParamValue* given = params.find(spec.key);
    complete.entries.emplace_back(spec.key, given ? *given : spec.default_value);
  }
  // A script lesson seeds its math.random with it; the runtime keys are never lesson parameters.
  complete.entries.emplace_back("seed", static_cast<std::int64_t>(runtime.seed));

  RuntimeOptions options;
  options.flavor = runtime.flavor;
  options.workers = runtime.workers;
  options.clock = runtime.clock;
  options.seed = runtime.seed;
  options.cores = runtime.cores;
  options.timer_tick = std::chrono::milliseconds(runtime.timer_tick_ms);
  options.live = live;
  options.max_virtual_time = kLessonVirtualTimeLimit;
  options.info.scenario = lesson.id;
  options.info.params = params_as_text(lesson, complete);
  options.info.source_text = std::string(lesson.source_text);

  auto result = run(options, lesson.make_main(complete));
  if (result.main && !result.main->ok() && result.report.fault.empty())
    result.report.fault = "main failed: " + result.main->error().message;
  return std::move(result.report);
}

std::vector<std::string> printed_lines(const Trace& trace) {
  std::vector<std::string> lines;
  for (const auto& event : trace.events)
    if (event.kind == EventKind::Print) lines.emplace_back(trace.str(static_cast<StringId>(event.a())));
  return lines;
}

RunSummary summarize(const RunReport& report) {
  const Trace& trace = report.trace;
  RunSummary summary;
  summary.scenario = trace.run.scenario;
  summary.params = trace.run.params;
  summary.clock = trace.run.clock;
  summary.flavor = trace.run.flavor;
  summary.workers = trace.run.workers;
  summary.seed = trace.run.seed;
  summary.total_ms = static_cast<double>(report.total_ns) / 1e6;
  summary.events = trace.events.size();
  for (const auto& event : trace.events) {
    summary.tasks += event.kind == EventKind::TaskSpawned;
    summary.polls += event.kind == EventKind::PollStart;
    summary.steals += event.kind == EventKind::TaskStolen;
  }
  summary.output = printed_lines(trace);
  summary.deadlocked = report.deadlocked;
  summary.deadlock = trace.run.deadlock;
  summary.fault = report.fault;
  return summary;
}

std::string summary_json(const RunSummary& summary) {
  // ordered_json keeps the fields, and the params, in the order a reader expects them.
  nlohmann::ordered_json out;
  out["scenario"] = summary.scenario;
  out["params"] = nlohmann::ordered_json::object();
  for (const auto& [key, value] : summary.params) out["params"][key] = value;
  out["clock"] = std::string(to_string(summary.clock));
  out["flavor"] = std::string(to_string(summary.flavor));
  out["workers"] = summary.workers;
  out["seed"] = summary.seed;
  out["total_ms"] = summary.total_ms;
  out["tasks"] = summary.tasks;
  out["events"] = summary.events;
  out["polls"] = summary.polls;
  out["steals"] = summary.steals;
  out["output"] = summary.output;
  if (summary.deadlocked) {
    out["deadlock"] = nlohmann::ordered_json::array();
    for (const auto& stuck : summary.deadlock)
      out["deadlock"].push_back({{"task", stuck.task}, {"task_name", stuck.task_name}, {"waits_on", stuck.waits_on}});
  } else {
    out["deadlock"] = nullptr;
  }
  out["fault"] = summary.fault.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(summary.fault);
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string summary_json(const RunReport& report) { return summary_json(summarize(report)); }

}  // namespace wakeline::scenarios
