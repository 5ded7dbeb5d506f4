// Lessons written as Lua scripts (scenarios/script/ is the host that runs them): loading a file
// into a Lesson that the registry, the parameter panel, variants, compare and run_lesson treat
// like a built-in one, and finding the script lessons the app offers (assets/lessons, the user's
// folder, --lessons DIR). docs/scripting.md describes the file format and the API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wakeline/scenarios/lesson.hpp"

namespace wakeline::scenarios {

struct ScriptLessonLoad {
  std::optional<Lesson> lesson;
  std::string error;  // "file:line: message" when the file does not load; empty on success
  bool ok() const { return lesson.has_value(); }
};

// Runs the script's top level in a sandbox (no runtime), checks its header and main function.
// `file` names the script in messages and in its events' source locations.
ScriptLessonLoad load_script_lesson(std::string file, std::string text);
// The same from a file on disk; a file that cannot be read is an error too.
ScriptLessonLoad load_script_lesson_file(const std::string& path);

// Where script lessons come from, in the order they are looked up.
struct LessonFolder {
  std::string path;
  std::string origin;  // "shipped", "user", "--lessons"
};

// The shipped folder (`assets_dir`/lessons), the user's ($XDG_DATA_HOME/wakeline/lessons, or
// ~/.local/share/wakeline/lessons), then the extra folders given with --lessons.
std::vector<LessonFolder> lesson_folders(const std::string& assets_dir, const std::vector<std::string>& extra);

struct ScriptLessonEntry {
  Lesson lesson;
  std::string path;
  std::string origin;
};
struct ScriptLessonScan {
  std::vector<ScriptLessonEntry> lessons;  // each folder's *.lua files, sorted by name
  std::vector<std::string> errors;         // files that did not load: "file:line: message"
};
// A missing folder is skipped quietly; a lesson id seen before (a built-in one or an earlier
// file) is reported as an error and left out.
ScriptLessonScan scan_script_lessons(const std::vector<LessonFolder>& folders);

}  // namespace wakeline::scenarios
