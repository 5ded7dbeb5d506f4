#include "commands/headless_commands.hpp"

#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "commands/trace_commands.hpp"
#include "lesson_catalog.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

namespace wakeline::app {
namespace {

using nlohmann::ordered_json;
namespace sc = wakeline::scenarios;

ordered_json param_json(const sc::ParamSpec& spec) {
  ordered_json out;
  out["key"] = spec.key;
  out["kind"] = std::string(sc::to_string(spec.kind));
  std::visit([&](const auto& value) { out["default"] = value; }, spec.default_value);
  if (spec.kind == sc::ParamKind::Int) {
    out["min"] = spec.min;
    out["max"] = spec.max;
  }
  if (spec.kind == sc::ParamKind::Choice) out["choices"] = spec.choices;
  out["unit"] = spec.unit;
  out["help"] = spec.help;
  return out;
}

ordered_json lesson_json(const sc::Lesson& lesson) {
  ordered_json out;
  out["id"] = lesson.id;
  out["title"] = lesson.title;
  out["explanation"] = lesson.explanation;
  out["flavors"] = ordered_json::array();
  for (Flavor flavor : lesson.flavors) out["flavors"].push_back(std::string(to_string(flavor)));
  out["default_flavor"] = std::string(to_string(lesson.default_flavor));
  out["default_workers"] = lesson.default_workers;
  out["params"] = ordered_json::array();
  for (const auto& spec : lesson.params) out["params"].push_back(param_json(spec));
  out["runtime_params"] = ordered_json::array();
  for (const auto& spec : sc::runtime_param_specs(lesson)) out["runtime_params"].push_back(param_json(spec));
  out["variants"] = ordered_json::array();
  for (const auto& variant : lesson.variants) {
    ordered_json presets = ordered_json::object();
    for (const auto& [key, value] : variant.presets) presets[key] = value;
    out["variants"].push_back({{"name", variant.name}, {"label", variant.label}, {"set", presets}});
  }
  return out;
}

// "2000.035 ms (virtual clock, multi_thread with 2 workers)"
std::string total_line(const RunReport& report) {
  const RunInfo& run = report.trace.run;
  std::ostringstream line;
  line << "total: " << std::fixed << std::setprecision(3) << static_cast<double>(report.total_ns) / 1e6 << " ms ("
       << to_string(run.clock) << " clock, " << to_string(run.flavor);
  if (run.flavor == Flavor::MultiThread) line << " with " << run.workers << (run.workers == 1 ? " worker" : " workers");
  line << ")";
  return line.str();
}

}  // namespace

std::string lessons_json(const LessonCatalog& catalog) {
  ordered_json out;
  out["lessons"] = ordered_json::array();
  for (const auto& lesson : sc::lessons()) {
    ordered_json entry = lesson_json(lesson);
    entry["origin"] = "built-in";
    out["lessons"].push_back(std::move(entry));
  }
  for (const auto& script : catalog.scripts) {
    ordered_json entry = lesson_json(script.lesson);
    entry["origin"] = script.origin;
    entry["file"] = script.path;
    out["lessons"].push_back(std::move(entry));
  }
  return out.dump(2);
}

std::string lessons_json() { return lessons_json(LessonCatalog{}); }

int run_list_command(const CliOptions& options, std::ostream& out, std::ostream& err) {
  const LessonCatalog catalog = load_lesson_catalog(options.lesson_dirs);
  if (options.json) {
    out << lessons_json(catalog) << "\n";
  } else {
    for (const auto& lesson : sc::lessons()) out << lesson.id << "\n";
    // Script lessons say where they come from: a teacher edits the file, not the id.
    for (const auto& script : catalog.scripts) out << script.lesson.id << "  (script, " << script.origin << ": " << script.path << ")\n";
  }
  for (const auto& error : catalog.errors) err << "wakeline: skipped a script lesson: " << error << "\n";
  return kExitOk;
}

int run_check_command(const CliOptions& options, std::ostream& out, std::ostream& err) {
  const sc::ScriptLessonLoad load = sc::load_script_lesson_file(options.lesson_id);
  if (!load.ok()) {
    err << load.error << "\n";
    return kExitFailure;
  }
  out << options.lesson_id << ": lesson '" << load.lesson->id << "' (" << load.lesson->title << "), "
      << load.lesson->params.size() << " parameters, " << load.lesson->variants.size() << " variants: ok\n";
  return kExitOk;
}

int run_lesson_command(const CliOptions& options, std::ostream& out, std::ostream& err) {
  const LessonLookup lookup = find_any_lesson(options.lesson_id, load_lesson_catalog(options.lesson_dirs));
  if (!lookup.lesson) {
    err << (lookup.unknown_id ? "wakeline: " : "") << lookup.error << "\n";
    return lookup.unknown_id ? kExitUsage : kExitFailure;
  }
  const sc::Lesson* lesson = &*lookup.lesson;
  const sc::SetupParse setup = sc::parse_setup(*lesson, {options.variant, options.lesson_settings});
  if (!setup.ok()) {
    err << "wakeline: " << setup.error << "\n";
    return kExitUsage;
  }

  RunReport report;
  try {
    report = sc::run_lesson(*lesson, setup.setup.params, setup.setup.runtime);
  } catch (const std::exception& error) {
    err << "wakeline: the run could not start: " << error.what() << "\n";
    return kExitFailure;
  }

  if (options.summary) {
    out << sc::summary_json(report) << "\n";
  } else {
    for (const auto& line : sc::printed_lines(report.trace)) out << line << "\n";
    out << total_line(report) << "\n";
  }
  // --out writes the trace even of a run that deadlocked or faulted: that is when it is worth a look.
  const int written = options.trace_out.empty() ? kExitOk : write_run_trace(report.trace, options, err);
  if (report.deadlocked) {
    err << "wakeline: the run ended in a deadlock:";
    for (const auto& stuck : report.trace.run.deadlock) err << "\n  task " << stuck.task << " '" << stuck.task_name << "' waits on " << stuck.waits_on;
    err << "\n";
    return kExitFailure;
  }
  if (!report.fault.empty()) {
    err << "wakeline: " << report.fault << "\n";
    return kExitFailure;
  }
  return written;
}

}  // namespace wakeline::app
