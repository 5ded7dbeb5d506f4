// A script file as a Lesson: its header read from a sandboxed load, and a main task that runs the
// script on the real runtime (a fresh Lua state per run, so runs never share script state).
#include "wakeline/scenarios/script_lesson.hpp"

#include <lua.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "script_futures.hpp"
#include "wakeline/scenarios/registry.hpp"

namespace wakeline::scenarios {
namespace {

using script::ScriptSource;
using script::ScriptState;

std::string string_field(lua_State* L, int table, const char* key) {
  lua_getfield(L, table, key);
  std::string text = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
  lua_pop(L, 1);
  return text;
}

std::int64_t integer_field(lua_State* L, int table, const char* key) {
  lua_getfield(L, table, key);
  const auto value = static_cast<std::int64_t>(lua_tointeger(L, -1));
  lua_pop(L, 1);
  return value;
}

std::vector<std::string> string_list(lua_State* L, int table) {
  std::vector<std::string> out;
  const auto n = static_cast<lua_Integer>(lua_rawlen(L, table));
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, table, i);
    out.emplace_back(lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
    lua_pop(L, 1);
  }
  return out;
}

Flavor flavor_named(const std::string& name) { return name == "multi_thread" ? Flavor::MultiThread : Flavor::CurrentThread; }

// The header table that the prelude's lesson{} checked, at the top of the stack.
void read_header(lua_State* L, Lesson& lesson) {
  const int header = lua_gettop(L);
  lesson.id = string_field(L, header, "id");
  lesson.title = string_field(L, header, "title");
  lesson.explanation = string_field(L, header, "explanation");
  lesson.default_workers = static_cast<std::uint32_t>(integer_field(L, header, "workers"));
  lesson.default_flavor = flavor_named(string_field(L, header, "default_flavor"));

  lua_getfield(L, header, "flavors");
  for (const auto& name : string_list(L, lua_gettop(L))) lesson.flavors.push_back(flavor_named(name));
  lua_pop(L, 1);

  lua_getfield(L, header, "params");
  const auto params = static_cast<lua_Integer>(lua_rawlen(L, -1));
  for (lua_Integer i = 1; i <= params; ++i) {
    lua_rawgeti(L, -1, i);
    const int p = lua_gettop(L);
    const std::string kind = string_field(L, p, "kind");
    const std::string key = string_field(L, p, "key");
    const std::string help = string_field(L, p, "help");
    if (kind == "int") {
      lesson.params.push_back(int_param(key, integer_field(L, p, "min"), integer_field(L, p, "max"),
                                        integer_field(L, p, "default"), string_field(L, p, "unit"), help));
    } else if (kind == "bool") {
      lua_getfield(L, p, "default");
      const bool value = lua_toboolean(L, -1) != 0;
      lua_pop(L, 1);
      lesson.params.push_back(bool_param(key, value, help));
    } else {
      lua_getfield(L, p, "choices");
      std::vector<std::string> choices = string_list(L, lua_gettop(L));
      lua_pop(L, 1);
      lesson.params.push_back(choice_param(key, std::move(choices), string_field(L, p, "default"), help));
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);

  lua_getfield(L, header, "variants");
  const auto variants = static_cast<lua_Integer>(lua_rawlen(L, -1));
  for (lua_Integer i = 1; i <= variants; ++i) {
    lua_rawgeti(L, -1, i);
    const int v = lua_gettop(L);
    Variant variant;
    variant.name = string_field(L, v, "name");
    variant.label = string_field(L, v, "label");
    lua_getfield(L, v, "presets");
    const auto presets = static_cast<lua_Integer>(lua_rawlen(L, -1));
    for (lua_Integer k = 1; k <= presets; ++k) {
      lua_rawgeti(L, -1, k);
      const auto pair = string_list(L, lua_gettop(L));
      variant.presets.emplace_back(pair.at(0), pair.at(1));
      lua_pop(L, 1);
    }
    lua_pop(L, 2);
    lesson.variants.push_back(std::move(variant));
  }
  lua_pop(L, 1);
}

// Params as the script's main receives them: a table of key = value.
int params_table(lua_State* L, const Lesson& lesson, const ParamValues& values) {
  lua_createtable(L, 0, static_cast<int>(lesson.params.size()));
  for (const auto& spec : lesson.params) {
    const ParamValue* value = values.find(spec.key);
    const ParamValue& v = value ? *value : spec.default_value;
    if (const auto* number = std::get_if<std::int64_t>(&v)) lua_pushinteger(L, static_cast<lua_Integer>(*number));
    else if (const auto* flag = std::get_if<bool>(&v)) lua_pushboolean(L, *flag);
    else lua_pushstring(L, std::get<std::string>(v).c_str());
    lua_setfield(L, -2, spec.key.c_str());
  }
  return luaL_ref(L, LUA_REGISTRYINDEX);
}

// The check every load makes once the top level ran: a header and a main function.
std::string check_loaded(ScriptState& state) {
  lua_State* L = state.lua();
  const std::string& file = state.source().file;
  lua_getglobal(L, "_header");
  lua_call(L, 0, 1);
  const bool has_header = lua_istable(L, -1);
  lua_pop(L, 1);
  if (!has_header) return file + ":1: no lesson header: start the file with lesson { id = \"...\", title = \"...\", ... }";
  lua_getglobal(L, "main");
  const bool has_main = lua_isfunction(L, -1);
  lua_pop(L, 1);
  if (!has_main) return file + ":1: no main function: add function main(params) ... end";
  return {};
}

Task<void> script_main(std::shared_ptr<const ScriptSource> source, Lesson lesson, ParamValues params) {
  const ParamValue* seed = params.find("seed");
  const auto seed_value = seed && std::holds_alternative<std::int64_t>(*seed) ? std::get<std::int64_t>(*seed) : 1;
  auto state = std::make_shared<ScriptState>(source, static_cast<std::uint64_t>(seed_value));
  int params_ref = LUA_NOREF;
  {
    std::lock_guard guard(state->guard);
    std::string error = state->load();
    if (error.empty()) error = check_loaded(*state);
    if (!error.empty()) throw script::ScriptError(error);
    params_ref = params_table(state->lua(), lesson, params);
  }
  script::Values ignored = co_await script::run_main(std::move(state), params_ref);
  (void)ignored;
}

}  // namespace

ScriptLessonLoad load_script_lesson(std::string file, std::string text) {
  ScriptLessonLoad result;
  auto source = std::make_shared<const ScriptSource>(std::move(file), std::move(text));
  Lesson lesson;
  try {
    ScriptState state(source, 1);
    std::lock_guard guard(state.guard);
    result.error = state.load();
    if (result.error.empty()) result.error = check_loaded(state);
    if (!result.error.empty()) return result;
    lua_State* L = state.lua();
    lua_getglobal(L, "_header");
    lua_call(L, 0, 1);
    read_header(L, lesson);
    lua_pop(L, 1);
  } catch (const std::exception& error) {
    result.error = source->file + ":1: " + error.what();
    return result;
  }
  lesson.source_text = source->text;
  // The header goes to main as a plain copy (no make_main inside it: no cycle through source).
  Lesson header = lesson;
  lesson.make_main = [source, header](const ParamValues& params) { return script_main(source, header, params); };
  result.lesson = std::move(lesson);
  return result;
}

ScriptLessonLoad load_script_lesson_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ScriptLessonLoad result;
    result.error = path + ": cannot read the file";
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_script_lesson(path, text.str());
}

std::vector<LessonFolder> lesson_folders(const std::string& assets_dir, const std::vector<std::string>& extra) {
  std::vector<LessonFolder> folders;
  if (!assets_dir.empty()) folders.push_back({assets_dir + "/lessons", "shipped"});
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) folders.push_back({std::string(data) + "/wakeline/lessons", "user"});
  else if (const char* home = std::getenv("HOME"); home && *home)
    folders.push_back({std::string(home) + "/.local/share/wakeline/lessons", "user"});
  for (const auto& dir : extra) folders.push_back({dir, "--lessons"});
  return folders;
}

ScriptLessonScan scan_script_lessons(const std::vector<LessonFolder>& folders) {
  namespace fs = std::filesystem;
  ScriptLessonScan scan;
  std::set<std::string> ids;
  for (const Lesson& built_in : lessons()) ids.insert(built_in.id);
  for (const auto& folder : folders) {
    std::error_code ec;
    if (!fs::is_directory(folder.path, ec)) continue;
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(folder.path, ec))
      if (entry.is_regular_file(ec) && entry.path().extension() == ".lua") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      ScriptLessonLoad load = load_script_lesson_file(file);
      if (!load.ok()) {
        scan.errors.push_back(load.error);
        continue;
      }
      if (!ids.insert(load.lesson->id).second) {
        scan.errors.push_back(file + ":1: lesson id '" + load.lesson->id + "' is already taken by another lesson");
        continue;
      }
      scan.lessons.push_back({std::move(*load.lesson), file, folder.origin});
    }
  }
  return scan;
}

}  // namespace wakeline::scenarios
