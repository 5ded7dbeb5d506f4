// The commands that need no window: `wakeline list` prints the lessons (ids, or JSON with their
// parameters) and `wakeline run ID` runs one and prints its output, or a JSON summary. They write
// to the streams they are given (main passes std::cout and std::cerr), so tests call them directly.
#pragma once

#include <iosfwd>
#include <string>

#include "commands/cli.hpp"

namespace wakeline::app {

// Exit codes are cli.hpp's: kExitUsage (nothing run) for an unknown lesson, key, value or variant.
int run_list_command(const CliOptions& options, std::ostream& out, std::ostream& err);
int run_lesson_command(const CliOptions& options, std::ostream& out, std::ostream& err);
// `wakeline check FILE.lua`: 0 and a one-line description, or 1 and "file:line: message".
int run_check_command(const CliOptions& options, std::ostream& out, std::ostream& err);

// What `wakeline list --json` prints: {"lessons": [{id, title, explanation, flavors, default_flavor,
// default_workers, params: [{key, kind, default, min, max, choices, unit, help}], runtime_params,
// variants: [{name, label, set: {KEY: VALUE}}], origin ("built-in", "shipped", "user", "--lessons"),
// file (script lessons)}]}. Without an argument: the built-in lessons only.
std::string lessons_json();
struct LessonCatalog;
std::string lessons_json(const LessonCatalog& catalog);

}  // namespace wakeline::app
