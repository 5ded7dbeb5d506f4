// The commands that need no window: `wakeline list` prints the lessons (ids, or everything a
// front end needs as JSON) and `wakeline run ID` runs one lesson and prints what it printed, or
// one JSON summary with --summary. They write to the streams they are given, so tests call them
// directly; main() passes std::cout and std::cerr.
#pragma once

#include <iosfwd>
#include <string>

#include "cli.hpp"

namespace wakeline::app {

// Exit codes are cli.hpp's: kExitUsage (nothing run) for an unknown lesson, key, value or variant.
int run_list_command(const CliOptions& options, std::ostream& out, std::ostream& err);
int run_lesson_command(const CliOptions& options, std::ostream& out, std::ostream& err);

// What `wakeline list --json` prints: {"lessons": [{id, title, explanation, flavors, default_flavor,
// default_workers, params: [{key, kind, default, min, max, choices, unit, help}], runtime_params,
// variants: [{name, label, set: {KEY: VALUE}}]}]}
std::string lessons_json();

}  // namespace wakeline::app
