#include "wakeline/scenarios/params.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace wakeline::scenarios {
namespace {

constexpr std::string_view kCurrentThread = "current_thread";
constexpr std::string_view kMultiThread = "multi_thread";

std::string flavor_name(Flavor flavor) { return std::string(flavor == Flavor::MultiThread ? kMultiThread : kCurrentThread); }

std::uint32_t default_workers_for(const Lesson& lesson, Flavor flavor) {
  return flavor == Flavor::CurrentThread ? 1 : lesson.default_workers;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

std::vector<std::string> all_keys(const Lesson& lesson) {
  std::vector<std::string> keys;
  for (const auto& spec : lesson.params) keys.push_back(spec.key);
  for (const auto& spec : runtime_param_specs(lesson)) keys.push_back(spec.key);
  return keys;
}

const ParamSpec* find_spec(const std::vector<ParamSpec>& specs, std::string_view key) {
  auto it = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& spec) { return spec.key == key; });
  return it == specs.end() ? nullptr : &*it;
}

}  // namespace

std::vector<ParamSpec> runtime_param_specs(const Lesson& lesson) {
  std::vector<std::string> flavors;
  for (Flavor flavor : lesson.flavors) flavors.push_back(flavor_name(flavor));
  return {
      choice_param("flavor", flavors, flavor_name(lesson.default_flavor),
                   "current_thread: one worker, concurrency without parallelism; multi_thread: several workers"),
      int_param("workers", 1, kMaxWorkers, default_workers_for(lesson, lesson.default_flavor), "",
                "worker threads (exactly 1 on current_thread)"),
      choice_param("clock", {"virtual", "real"}, "virtual",
                   "virtual: deterministic simulated time, no waiting; real: OS threads and the wall clock"),
      int_param("seed", 0, std::numeric_limits<std::int64_t>::max(), 1, "",
                "the scheduler's random seed (which worker steals from which)"),
      int_param("cores", 0, kMaxCores, 0, "",
                "virtual clock: CPU cores shared by the threads doing cpu_work (0: every thread has its own)"),
      int_param("timer_tick", 0, kMaxTimerTickMs, 0, "ms",
                "timers fire on ticks this far apart, sleeps rounded up (0: exact; 1: Tokio's 1 ms wheel)"),
  };
}

LessonSetup default_setup(const Lesson& lesson) {
  LessonSetup setup;
  for (const auto& spec : lesson.params) setup.params.entries.emplace_back(spec.key, spec.default_value);
  setup.runtime.flavor = lesson.default_flavor;
  setup.runtime.workers = default_workers_for(lesson, lesson.default_flavor);
  return setup;
}

std::string describe_allowed(const ParamSpec& spec) {
  switch (spec.kind) {
    case ParamKind::Int: {
      std::string text = "a whole number from " + std::to_string(spec.min) + " to " + std::to_string(spec.max);
      if (!spec.unit.empty()) text += " (" + spec.unit + ")";
      return text;
    }
    case ParamKind::Bool: return "true or false";
    case ParamKind::Choice: return "one of " + join_words(spec.choices);
  }
  return {};
}

ValueParse parse_value(const ParamSpec& spec, std::string_view text) {
  ValueParse result;
  const std::string shown = spec.key + "=" + std::string(text);
  const std::string allowed = "; allowed: " + describe_allowed(spec);
  switch (spec.kind) {
    case ParamKind::Int: {
      std::int64_t number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size()) {
        result.error = shown + " is not a whole number" + allowed;
      } else if (error == std::errc::result_out_of_range || number < spec.min || number > spec.max) {
        result.error = shown + " is out of range" + allowed;
      } else {
        result.value = number;
      }
      return result;
    }
    case ParamKind::Bool:
      if (text == "true") result.value = true;
      else if (text == "false") result.value = false;
      else result.error = shown + " is not true or false" + allowed;
      return result;
    case ParamKind::Choice:
      if (std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end()) result.value = std::string(text);
      else result.error = shown + " is not a choice here" + allowed;
      return result;
  }
  return result;
}

SetupParse parse_setup(const Lesson& lesson, const SetupRequest& request) {
  SetupParse parse;
  parse.setup = default_setup(lesson);
  const std::vector<ParamSpec> runtime_specs = runtime_param_specs(lesson);
  ParamValues runtime;
  for (const auto& spec : runtime_specs) runtime.entries.emplace_back(spec.key, spec.default_value);
  bool workers_given = false;

  const auto assign = [&](std::string_view key, std::string_view text) -> std::string {
    const ParamSpec* spec = find_spec(lesson.params, key);
    ParamValues* target = &parse.setup.params;
    if (!spec) {
      spec = find_spec(runtime_specs, key);
      target = &runtime;
    }
    if (!spec) {
      return "unknown parameter '" + std::string(key) + "' for lesson '" + lesson.id +
             "'; allowed: " + join_words(all_keys(lesson));
    }
    ValueParse value = parse_value(*spec, text);
    if (!value.ok()) return value.error;
    target->set(key, std::move(value.value));
    workers_given = workers_given || key == "workers";
    return {};
  };

  if (!request.variant.empty()) {
    auto it = std::find_if(lesson.variants.begin(), lesson.variants.end(),
                           [&](const Variant& v) { return v.name == request.variant; });
    if (it == lesson.variants.end()) {
      std::vector<std::string> names;
      for (const auto& v : lesson.variants) names.push_back(v.name);
      parse.error = "unknown variant '" + request.variant + "' for lesson '" + lesson.id + "'; allowed: " +
                    (names.empty() ? std::string("none, this lesson has no variants") : join_words(names));
      return parse;
    }
    for (const auto& [key, text] : it->presets) {
      if (auto error = assign(key, text); !error.empty()) {
        parse.error = "variant '" + it->name + "': " + error;
        return parse;
      }
    }
  }

  for (const std::string& assignment : request.assignments) {
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      parse.error = "expected KEY=VALUE, got '" + assignment + "'; keys for lesson '" + lesson.id +
                    "': " + join_words(all_keys(lesson));
      return parse;
    }
    if (auto error = assign(std::string_view(assignment).substr(0, equals), std::string_view(assignment).substr(equals + 1));
        !error.empty()) {
      parse.error = std::move(error);
      return parse;
    }
  }

  RuntimeSettings& settings = parse.setup.runtime;
  settings.flavor = runtime.choice("flavor") == kMultiThread ? Flavor::MultiThread : Flavor::CurrentThread;
  settings.clock = runtime.choice("clock") == "real" ? ClockKind::Real : ClockKind::Virtual;
  settings.seed = static_cast<std::uint64_t>(runtime.integer("seed"));
  settings.cores = static_cast<std::uint32_t>(runtime.integer("cores"));
  settings.timer_tick_ms = static_cast<std::uint32_t>(runtime.integer("timer_tick"));
  if (settings.cores != 0 && settings.clock == ClockKind::Real) {
    parse.error = "cores=" + std::to_string(settings.cores) +
                  " needs clock=virtual; the real clock runs on the machine's own cores (allowed with clock=real: cores=0)";
    return parse;
  }
  if (workers_given) {
    settings.workers = static_cast<std::uint32_t>(runtime.integer("workers"));
    if (settings.flavor == Flavor::CurrentThread && settings.workers != 1) {
      parse.error = "workers=" + std::to_string(settings.workers) +
                    " needs flavor=multi_thread; current_thread has exactly 1 worker (allowed: workers=1)";
      return parse;
    }
  } else {
    settings.workers = default_workers_for(lesson, settings.flavor);
  }
  return parse;
}

std::vector<std::pair<std::string, std::string>> params_as_text(const Lesson& lesson, const ParamValues& values) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& spec : lesson.params) {
    const ParamValue* value = values.find(spec.key);
    out.emplace_back(spec.key, to_text(value ? *value : spec.default_value));
  }
  return out;
}

}  // namespace wakeline::scenarios
