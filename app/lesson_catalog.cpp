#include "lesson_catalog.hpp"

#include "wakeline/scenarios/registry.hpp"

namespace wakeline::app {

namespace sc = wakeline::scenarios;

namespace {
std::filesystem::file_time_type modified_time(const std::string& path) {
  std::error_code ec;
  const auto time = std::filesystem::last_write_time(path, ec);
  return ec ? std::filesystem::file_time_type{} : time;
}
}  // namespace

LessonCatalog load_lesson_catalog(const std::vector<std::string>& extra_dirs) {
  sc::ScriptLessonScan scan = sc::scan_script_lessons(sc::lesson_folders(WAKELINE_ASSETS_DIR, extra_dirs));
  LessonCatalog catalog{std::move(scan.lessons), std::move(scan.errors), {}};
  for (const auto& entry : catalog.scripts) catalog.modified.push_back(modified_time(entry.path));
  return catalog;
}

CatalogReload reload_changed_scripts(LessonCatalog& catalog) {
  CatalogReload reload;
  catalog.modified.resize(catalog.scripts.size());
  for (std::size_t i = 0; i < catalog.scripts.size(); ++i) {
    auto& entry = catalog.scripts[i];
    const auto now = modified_time(entry.path);
    if (now == catalog.modified[i]) continue;
    catalog.modified[i] = now;
    sc::ScriptLessonLoad load = sc::load_script_lesson_file(entry.path);
    if (!load.ok()) {
      reload.errors.push_back(load.error);
      continue;
    }
    reload.changed.emplace_back(entry.lesson.id, load.lesson->id);
    entry.lesson = std::move(*load.lesson);
  }
  return reload;
}

LessonLookup find_any_lesson(const std::string& id_or_file, const LessonCatalog& catalog) {
  LessonLookup found;
  if (id_or_file.size() > 4 && id_or_file.ends_with(".lua")) {
    sc::ScriptLessonLoad load = sc::load_script_lesson_file(id_or_file);
    if (load.ok()) {
      found.lesson = std::move(load.lesson);
      found.origin = "file";
    } else {
      found.error = load.error;
    }
    return found;
  }
  if (const sc::Lesson* built_in = sc::find_lesson(id_or_file)) {
    found.lesson = *built_in;
    found.origin = "built-in";
    return found;
  }
  for (const auto& entry : catalog.scripts) {
    if (entry.lesson.id != id_or_file) continue;
    found.lesson = entry.lesson;
    found.origin = entry.origin;
    return found;
  }
  found.unknown_id = true;
  found.error = "unknown lesson '" + id_or_file + "'; allowed: " + all_lesson_ids(catalog) + ", or a FILE.lua";
  return found;
}

const sc::Lesson* find_lesson_in(const LessonCatalog& catalog, std::string_view id) {
  if (const sc::Lesson* built_in = sc::find_lesson(id)) return built_in;
  for (const auto& entry : catalog.scripts)
    if (entry.lesson.id == id) return &entry.lesson;
  return nullptr;
}

std::string all_lesson_ids(const LessonCatalog& catalog) {
  std::string ids;
  for (const auto& lesson : sc::lessons()) ids += (ids.empty() ? "" : ", ") + lesson.id;
  for (const auto& entry : catalog.scripts) ids += ", " + entry.lesson.id;
  return ids;
}

}  // namespace wakeline::app
