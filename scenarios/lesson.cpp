#include "wakeline/scenarios/lesson.hpp"

#include <algorithm>
#include <stdexcept>

namespace wakeline::scenarios {

std::string_view to_string(ParamKind kind) {
  switch (kind) {
    case ParamKind::Int: return "int";
    case ParamKind::Bool: return "bool";
    case ParamKind::Choice: return "choice";
  }
  return "unknown";
}

std::string to_text(const ParamValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  return std::get<std::string>(value);
}

ParamSpec int_param(std::string key, std::int64_t min, std::int64_t max, std::int64_t default_value,
                    std::string unit, std::string help) {
  ParamSpec spec;
  spec.key = std::move(key);
  spec.kind = ParamKind::Int;
  spec.min = min;
  spec.max = max;
  spec.default_value = default_value;
  spec.unit = std::move(unit);
  spec.help = std::move(help);
  return spec;
}

ParamSpec bool_param(std::string key, bool default_value, std::string help) {
  ParamSpec spec;
  spec.key = std::move(key);
  spec.kind = ParamKind::Bool;
  spec.default_value = default_value;
  spec.help = std::move(help);
  return spec;
}

ParamSpec choice_param(std::string key, std::vector<std::string> choices, std::string default_choice,
                       std::string help) {
  ParamSpec spec;
  spec.key = std::move(key);
  spec.kind = ParamKind::Choice;
  spec.choices = std::move(choices);
  spec.default_value = std::move(default_choice);
  spec.help = std::move(help);
  return spec;
}

const ParamValue* ParamValues::find(std::string_view key) const {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& entry) { return entry.first == key; });
  return it == entries.end() ? nullptr : &it->second;
}

void ParamValues::set(std::string_view key, ParamValue value) {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& entry) { return entry.first == key; });
  if (it == entries.end()) entries.emplace_back(std::string(key), std::move(value));
  else it->second = std::move(value);
}

namespace {
template <typename T>
const T& get_typed(const ParamValues& values, std::string_view key, const char* wanted) {
  const ParamValue* value = values.find(key);
  if (!value) throw std::logic_error("lesson asked for parameter '" + std::string(key) + "', which it never declared");
  const T* typed = std::get_if<T>(value);
  if (!typed) throw std::logic_error("parameter '" + std::string(key) + "' is not " + wanted);
  return *typed;
}
}  // namespace

std::int64_t ParamValues::integer(std::string_view key) const { return get_typed<std::int64_t>(*this, key, "a number"); }
bool ParamValues::flag(std::string_view key) const { return get_typed<bool>(*this, key, "true/false"); }
const std::string& ParamValues::choice(std::string_view key) const {
  return get_typed<std::string>(*this, key, "a choice");
}

}  // namespace wakeline::scenarios
