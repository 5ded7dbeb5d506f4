// Every lesson the app offers: the built-in ones (scenarios/registry.hpp) and the script lessons
// found in the shipped folder, the user's folder and any --lessons DIR (script_lesson.hpp).
// The headless commands and the window look lessons up here, by id or by a .lua file's path.
#pragma once

#include <filesystem>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/scenarios/script_lesson.hpp"

namespace wakeline::app {

struct LessonCatalog {
  std::vector<scenarios::ScriptLessonEntry> scripts;
  std::vector<std::string> errors;  // script files that did not load: "file:line: message"
  std::vector<std::filesystem::file_time_type> modified;  // per script: when its file last changed, as read
};

// Scans the shipped folder (WAKELINE_ASSETS_DIR/lessons), the user's folder and `extra_dirs`.
LessonCatalog load_lesson_catalog(const std::vector<std::string>& extra_dirs);

struct LessonLookup {
  std::optional<scenarios::Lesson> lesson;
  std::string origin;  // "built-in", "shipped", "user", "--lessons" or "file"
  std::string error;   // why there is no lesson: an unknown id (with the ids allowed) or "file:line: message"
  bool unknown_id = false;
};

// A path ending in ".lua" is loaded as a script lesson; anything else is an id, built-in first.
LessonLookup find_any_lesson(const std::string& id_or_file, const LessonCatalog& catalog);

// The script files changed on disk (a teacher's own editor saved them) since the catalog read them,
// loaded again in place. `changed` has the old and new ids of each lesson replaced; a file that no
// longer loads keeps its previous lesson, and its message is in `errors`. Replaces Lesson objects:
// call it only while no run or comparison uses one.
struct CatalogReload {
  std::vector<std::pair<std::string, std::string>> changed;
  std::vector<std::string> errors;
};
CatalogReload reload_changed_scripts(LessonCatalog& catalog);

// A built-in lesson or a catalog's script lesson by id, or nullptr. The pointer stays valid as
// long as the catalog is not changed.
const scenarios::Lesson* find_lesson_in(const LessonCatalog& catalog, std::string_view id);

// The ids `find_any_lesson` accepts, comma-separated: for "allowed: ..." messages.
std::string all_lesson_ids(const LessonCatalog& catalog);

}  // namespace wakeline::app
