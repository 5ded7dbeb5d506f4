#include "platform/settings_store.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app_dump.hpp"
#include "run_controller.hpp"
#include "wakeline/file_write.hpp"
#include "wakeline/scenarios/registry.hpp"

namespace wakeline::app {
namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr int kSettingsVersion = 1;

// Reads `key` into `target` if present; a value of the wrong type is an error naming the key.
template <typename T>
bool read_key(const ordered_json& object, const char* key, T& target, std::string& error) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  try {
    target = it->get<T>();
    return true;
  } catch (const nlohmann::json::exception&) {
    error = std::string("\"") + key + "\" has the wrong type (" + it->type_name() + ")";
    return false;
  }
}

}  // namespace

fs::path settings_path() {
  const char* config = std::getenv("XDG_CONFIG_HOME");
  if (config != nullptr && *config == '/') return fs::path(config) / "wakeline" / "settings.json";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return fs::path(home) / ".config" / "wakeline" / "settings.json";
  return {};
}

std::string settings_json(const Settings& settings) {
  ordered_json out;
  out["version"] = kSettingsVersion;
  out["ui_scale"] = settings.ui_scale ? ordered_json(*settings.ui_scale) : ordered_json(nullptr);
  out["panels"] = {{"lessons", settings.panels.lessons}, {"inspector", settings.panels.inspector},
                   {"console", settings.panels.console}};
  out["timeline"] = {{"task_lanes", settings.task_lanes}, {"arrows", settings.arrows}};
  out["lesson"] = settings.lesson_id;
  out["lesson_settings"] = settings.lesson_settings;
  out["recent_files"] = settings.recent_files;
  return out.dump(2) + "\n";
}

std::optional<Settings> parse_settings_json(const std::string& text, std::string& error) {
  ordered_json in;
  try {
    in = ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& failure) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    const std::string what = failure.what();
    const std::size_t at = what.find("parse error");
    error = at == std::string::npos ? what : what.substr(at);
    return std::nullopt;
  }
  if (!in.is_object()) {
    error = "expected a JSON object";
    return std::nullopt;
  }
  Settings settings;
  float scale = 0;
  if (in.contains("ui_scale") && !in["ui_scale"].is_null()) {
    if (!read_key(in, "ui_scale", scale, error)) return std::nullopt;
    settings.ui_scale = snap_ui_scale(scale);
  }
  if (in.contains("panels")) {
    const ordered_json& panels = in["panels"];
    if (!panels.is_object()) {
      error = "\"panels\" has the wrong type (" + std::string(panels.type_name()) + ")";
      return std::nullopt;
    }
    if (!read_key(panels, "lessons", settings.panels.lessons, error) ||
        !read_key(panels, "inspector", settings.panels.inspector, error) ||
        !read_key(panels, "console", settings.panels.console, error)) {
      return std::nullopt;
    }
  }
  if (in.contains("timeline")) {
    const ordered_json& timeline = in["timeline"];
    if (!timeline.is_object()) {
      error = "\"timeline\" has the wrong type (" + std::string(timeline.type_name()) + ")";
      return std::nullopt;
    }
    if (!read_key(timeline, "task_lanes", settings.task_lanes, error) || !read_key(timeline, "arrows", settings.arrows, error)) {
      return std::nullopt;
    }
  }
  if (!read_key(in, "lesson", settings.lesson_id, error) ||
      !read_key(in, "lesson_settings", settings.lesson_settings, error) ||
      !read_key(in, "recent_files", settings.recent_files, error)) {
    return std::nullopt;
  }
  if (settings.recent_files.size() > kMaxRecentFiles) settings.recent_files.resize(kMaxRecentFiles);
  return settings;
}

SettingsLoad load_settings(const fs::path& path) {
  SettingsLoad load;
  if (path.empty()) return load;
  std::ifstream in(path, std::ios::binary);
  if (!in) return load;  // no file yet: the first launch
  std::ostringstream text;
  text << in.rdbuf();
  std::string error;
  load.settings = parse_settings_json(text.str(), error);
  if (!load.settings) load.error = path.string() + ": " + error;
  return load;
}

std::string save_settings(const Settings& settings, const fs::path& path) {
  if (path.empty()) return "no place for settings: neither XDG_CONFIG_HOME nor HOME is set";
  std::error_code failed;
  fs::create_directories(path.parent_path(), failed);
  if (failed) return "cannot create " + path.parent_path().string() + ": " + failed.message();
  return write_file_atomically(path, settings_json(settings));
}

Settings settings_from_state(const AppState& state, bool scale_chosen) {
  Settings settings;
  // Presentation mode is for one class: what is remembered is the layout it will return to.
  const bool presenting = state.presentation.on;
  if (scale_chosen) settings.ui_scale = presenting ? state.presentation.saved_ui_scale : state.ui_scale;
  settings.panels = presenting ? state.presentation.saved_panels : state.panels;
  settings.task_lanes = state.timeline.show_task_lanes;
  settings.arrows = state.timeline.show_arrows;
  settings.lesson_id = state.lesson.lesson_id;
  if (const scenarios::Lesson* lesson = find_lesson_in(state.catalog, state.lesson.lesson_id)) {
    settings.lesson_settings = setup_assignments(*lesson, state.lesson.setup);
  }
  settings.recent_files = state.recent_files;
  return settings;
}

void apply_settings(const Settings& settings, AppState& state) {
  if (settings.ui_scale) state.ui_scale = *settings.ui_scale;
  state.panels = settings.panels;
  state.timeline.show_task_lanes = settings.task_lanes;
  state.timeline.show_arrows = settings.arrows;
  state.recent_files = settings.recent_files;
  if (settings.lesson_id.empty()) return;
  const scenarios::Lesson* lesson = find_lesson_in(state.catalog, settings.lesson_id);
  if (lesson == nullptr) {
    log_line(state, "The saved lesson '" + settings.lesson_id + "' no longer exists; showing the default lesson.");
    return;
  }
  state.lesson.lesson_id = lesson->id;
  const scenarios::SetupParse parse = scenarios::parse_setup(*lesson, {{}, settings.lesson_settings});
  if (!parse.ok()) {
    log_line(state, "The saved parameters do not fit '" + lesson->id + "' any more (" + parse.error + "); using its defaults.");
    state.lesson.setup = scenarios::default_setup(*lesson);
    return;
  }
  state.lesson.setup = parse.setup;
}

}  // namespace wakeline::app
