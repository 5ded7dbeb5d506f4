// A lesson as plain data: what it is called, what to watch for, the parameters a student may
// change (with named presets, the variants), the runtime it runs on by default, its own source text
// for the code panel, and the function that builds its main task from the chosen values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "wakeline/task.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::scenarios {

enum class ParamKind : std::uint8_t { Int, Bool, Choice };
std::string_view to_string(ParamKind kind);  // "int", "bool", "choice"

// One parameter's value: a whole number (Int), yes/no (Bool) or one of the listed words (Choice).
using ParamValue = std::variant<std::int64_t, bool, std::string>;
std::string to_text(const ParamValue& value);  // "1000", "true", "join": what --set would take

struct ParamSpec {
  std::string key;  // what `--set KEY=VALUE` names, e.g. "latency_ms"
  ParamKind kind = ParamKind::Int;
  std::int64_t min = 0;  // Int only, inclusive
  std::int64_t max = 0;  // Int only, inclusive
  ParamValue default_value = std::int64_t{0};
  std::vector<std::string> choices;  // Choice only, in the order the panel lists them
  std::string unit;                  // "ms", "us" or empty
  std::string help;                  // one line
};

// So that a lesson's parameter table reads one line per parameter.
ParamSpec int_param(std::string key, std::int64_t min, std::int64_t max, std::int64_t default_value,
                    std::string unit, std::string help);
ParamSpec bool_param(std::string key, bool default_value, std::string help);
ParamSpec choice_param(std::string key, std::vector<std::string> choices, std::string default_choice,
                       std::string help);

// The chosen value of every parameter, in declaration order. The typed getters are for lesson
// code and throw std::logic_error on a key the lesson never declared (a bug, not user input:
// user input is checked against the specs by params.hpp before anything runs).
struct ParamValues {
  std::vector<std::pair<std::string, ParamValue>> entries;

  const ParamValue* find(std::string_view key) const;
  void set(std::string_view key, ParamValue value);  // replaces, or appends a new key
  std::int64_t integer(std::string_view key) const;
  bool flag(std::string_view key) const;
  const std::string& choice(std::string_view key) const;
};

// A named preset: one click on the lessons panel, or `--variant NAME`.
struct Variant {
  std::string name;   // "join"
  std::string label;  // "join!: both in one task"
  // Applied like `--set KEY=VALUE`, in order; runtime keys (flavor, workers, ...) are allowed.
  std::vector<std::pair<std::string, std::string>> presets;
};

struct Lesson {
  std::string id;           // "sequential-vs-join": what `wakeline run ID` takes
  std::string title;        // one line for the lessons list
  std::string explanation;  // 3 to 8 sentences: what to watch for on the timeline
  std::vector<ParamSpec> params;
  std::vector<Variant> variants;
  std::vector<Flavor> flavors;  // the flavors this lesson makes sense on
  Flavor default_flavor = Flavor::CurrentThread;
  std::uint32_t default_workers = 1;  // used when the flavor is multi_thread and no workers were set
  std::string_view source_text;       // this lesson's .cpp file, embedded at build time
  // Builds the main task. Receives every declared parameter (and the run's seed as "seed");
  // runs nothing until the runtime polls it.
  std::function<Task<void>(const ParamValues&)> make_main;
};

}  // namespace wakeline::scenarios
