#include "panels/script_editor.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "wakeline/file_write.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/script_lesson.hpp"

namespace wakeline::app {

namespace sc = wakeline::scenarios;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kEditorOrigin = "editor";  // the catalog entry of an unsaved script

void say(ScriptEditor& editor, std::string notice, bool error) {
  editor.notice = std::move(notice);
  editor.notice_is_error = error;
}

fs::file_time_type modified_time(const std::string& path) {
  std::error_code ec;
  const auto time = fs::last_write_time(path, ec);
  return ec ? fs::file_time_type{} : time;
}

// The script's name in events and messages: its file once saved, its name before.
std::string script_file(const ScriptEditor& editor) { return editor.path.empty() ? editor.name : editor.path; }

// The header's `id = "..."`: where its value starts and ends in `text` (npos if there is none).
std::pair<std::size_t, std::size_t> id_value(std::string_view text) {
  for (std::size_t at = text.find("id"); at != std::string_view::npos; at = text.find("id", at + 2)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_')) continue;
    std::size_t i = at + 2;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size() || text[i] != '=') continue;
    ++i;
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size() || text[i] != '"') continue;
    const std::size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) break;
    return {i + 1, end};
  }
  return {std::string_view::npos, std::string_view::npos};
}

std::uint32_t line_at(std::string_view text, std::size_t offset) {
  return static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n')) + 1;
}

std::string file_name_for(std::string_view id) {
  std::string name(id);
  std::replace(name.begin(), name.end(), '-', '_');
  return name + ".lua";
}

// The catalog entry the editor's script runs as: its unsaved entry, or the saved file's.
sc::ScriptLessonEntry* editor_entry(LessonCatalog& catalog, const ScriptEditor& editor) {
  for (auto& entry : catalog.scripts) {
    if (entry.origin == kEditorOrigin || (!editor.path.empty() && entry.path == editor.path)) return &entry;
  }
  return nullptr;
}

// The values to run the new version with: what the teacher set by hand in the Parameters panel (a
// value other than the previous lesson's default) where the new header still accepts it, the
// script's own defaults for the rest, so an edited default takes effect.
sc::LessonSetup carried_setup(const sc::Lesson& now, const sc::Lesson* before, const sc::LessonSetup& current,
                              bool same_lesson) {
  sc::LessonSetup setup = sc::default_setup(now);
  if (before == nullptr) return setup;
  if (same_lesson) setup.runtime = current.runtime;
  for (const auto& spec : now.params) {
    const sc::ParamValue* value = current.params.find(spec.key);
    if (value == nullptr) continue;
    const auto old = std::find_if(before->params.begin(), before->params.end(),
                                  [&](const sc::ParamSpec& p) { return p.key == spec.key; });
    if (old == before->params.end() || old->default_value == *value) continue;
    if (sc::parse_value(spec, sc::to_text(*value)).ok()) setup.params.set(spec.key, *value);
  }
  return setup;
}

// A fresh editor (nothing of the previous script's marks, path or runs) showing `text`.
ScriptEditor open_editor_on(std::string text, std::string name, bool dirty) {
  ScriptEditor editor;
  editor.open = true;
  editor.text = std::move(text);
  editor.name = std::move(name);
  editor.dirty = dirty;
  return editor;
}

}  // namespace

std::string user_lessons_folder() {
  for (const sc::LessonFolder& folder : sc::lesson_folders("", {}))
    if (folder.origin == "user") return folder.path;
  return "wakeline-lessons";  // no HOME and no XDG_DATA_HOME: beside the working directory
}

GutterMark mark_from_error(std::string_view error, std::string_view file) {
  GutterMark mark{0, std::string(error), false};
  std::size_t at = file.empty() ? std::string_view::npos : error.find(std::string(file) + ":");
  at = at == std::string_view::npos ? error.find(':') : at + file.size();
  while (at != std::string_view::npos) {
    std::size_t end = at + 1;
    while (end < error.size() && std::isdigit(static_cast<unsigned char>(error[end]))) ++end;
    if (end > at + 1 && end < error.size() && error[end] == ':') {
      mark.line = static_cast<std::uint32_t>(std::stoul(std::string(error.substr(at + 1, end - at - 1))));
      std::size_t text = end + 1;
      while (text < error.size() && error[text] == ' ') ++text;
      mark.message = std::string(error.substr(text));
      return mark;
    }
    at = error.find(':', at + 1);
  }
  return mark;
}

bool start_new_script(ScriptEditor& editor, const std::string& template_path) {
  std::ifstream in(template_path, std::ios::binary);
  if (!in) {
    say(editor, "Cannot read the template " + template_path, true);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  editor = open_editor_on(text.str(), "my_lesson.lua", false);
  say(editor, "A new lesson from the template: Run (Ctrl+Enter) to try it, Save (Ctrl+S) to keep it.", false);
  return true;
}

bool start_copy_of(ScriptEditor& editor, const sc::Lesson& lesson, const LessonCatalog& catalog) {
  const sc::ScriptLessonEntry* script = nullptr;
  for (const auto& entry : catalog.scripts)
    if (entry.lesson.id == lesson.id) script = &entry;
  if (script == nullptr)
    for (const auto& entry : catalog.scripts)
      if (entry.lesson.id == lesson.id + "-lua") script = &entry;
  if (script == nullptr) {
    say(editor, "The lesson " + lesson.id + " has no script to copy: use New instead.", true);
    editor.open = true;
    return false;
  }
  std::string text(script->lesson.source_text);
  std::string base = script->lesson.id;
  if (base.ends_with("-lua")) base.resize(base.size() - 4);
  std::string id = base + "-copy";
  for (int n = 2; find_lesson_in(catalog, id) != nullptr; ++n) id = base + "-copy-" + std::to_string(n);
  if (const auto [begin, end] = id_value(text); begin != std::string::npos) text.replace(begin, end - begin, id);
  editor = open_editor_on(std::move(text), file_name_for(id), true);
  say(editor, "A copy of " + script->lesson.id + " as " + id + ": Run (Ctrl+Enter) to try it, Save (Ctrl+S) to keep it.",
      false);
  return true;
}

bool save_script(ScriptEditor& editor, LessonCatalog& catalog, const std::string& path_or_name) {
  std::string target = path_or_name.empty() ? (editor.path.empty() ? editor.name : editor.path) : path_or_name;
  if (target.empty()) target = "my_lesson.lua";
  if (target.find('/') == std::string::npos) target = user_lessons_folder() + "/" + target;
  if (!target.ends_with(".lua")) target += ".lua";
  std::error_code ec;
  const fs::path folder = fs::path(target).parent_path();
  if (!folder.empty()) fs::create_directories(folder, ec);
  if (ec) {
    say(editor, "Not saved: cannot make the folder " + folder.string() + ": " + ec.message() + " (the text is kept)", true);
    return false;
  }
  if (const std::string error = write_file_atomically(target, editor.text); !error.empty()) {
    say(editor, "Not saved: " + error + " (the text is kept)", true);
    return false;
  }
  // The file now holds what the catalog's entry was loaded from: not a change to reload.
  if (sc::ScriptLessonEntry* entry = editor_entry(catalog, editor)) {
    const std::size_t i = static_cast<std::size_t>(entry - catalog.scripts.data());
    if (entry->path == target) {
      catalog.modified.resize(catalog.scripts.size());
      catalog.modified[i] = modified_time(target);
    }
  }
  editor.path = target;
  editor.name = fs::path(target).filename().string();
  editor.dirty = false;
  say(editor, "Saved " + target, false);
  return true;
}

std::optional<LessonChoiceUpdate> prepare_editor_run(ScriptEditor& editor, LessonCatalog& catalog,
                                                     const std::string& current_id, const sc::LessonSetup& current) {
  const std::string file = script_file(editor);
  sc::ScriptLessonLoad load = sc::load_script_lesson(file, editor.text);
  if (!load.ok()) {
    editor.marks = {mark_from_error(load.error, file)};
    say(editor, "Not run: " + load.error + " (the previous run stays on screen)", true);
    return std::nullopt;
  }
  sc::Lesson& lesson = *load.lesson;
  sc::ScriptLessonEntry* own = editor_entry(catalog, editor);
  const bool taken = sc::find_lesson(lesson.id) != nullptr ||
                     std::any_of(catalog.scripts.begin(), catalog.scripts.end(), [&](const sc::ScriptLessonEntry& entry) {
                       return &entry != own && entry.lesson.id == lesson.id;
                     });
  if (taken) {
    const std::uint32_t line = line_at(editor.text, id_value(editor.text).first);
    editor.marks = {{line, "the lesson id '" + lesson.id + "' is taken by another lesson: give this one its own id", false}};
    say(editor, "Not run: " + file + ":" + std::to_string(line) + ": " + editor.marks.front().message, true);
    return std::nullopt;
  }

  const sc::Lesson* before = find_lesson_in(catalog, current_id);
  const bool same_lesson = current_id == lesson.id || current_id == editor.run_lesson_id;
  LessonChoiceUpdate update{lesson.id, carried_setup(lesson, before, current, same_lesson)};
  // From here on `before` may dangle: the entry it points at may be replaced.
  const std::string path = editor.path;
  if (own == nullptr) own = &catalog.scripts.emplace_back();
  own->lesson = std::move(lesson);
  own->path = path.empty() ? file : path;
  own->origin = path.empty() ? std::string(kEditorOrigin) : std::string("user");
  catalog.modified.resize(catalog.scripts.size());
  catalog.modified[static_cast<std::size_t>(own - catalog.scripts.data())] = modified_time(path);
  editor.marks.clear();
  editor.run_lesson_id = update.lesson_id;
  editor.awaiting_run = true;
  ++editor.runs_started;
  say(editor, "Running " + update.lesson_id + " from the editor.", false);
  return update;
}

void note_editor_run(ScriptEditor& editor, const Trace& trace) {
  editor.last_total_ns = trace.run.total_ns;
  const std::string file = script_file(editor);
  for (const Event& event : trace.events) {
    if (event.kind != EventKind::TaskFailed) continue;
    GutterMark mark = mark_from_error(trace.str(static_cast<StringId>(event.b())), file);
    mark.at_run = true;
    const bool seen = std::any_of(editor.marks.begin(), editor.marks.end(),
                                  [&](const GutterMark& m) { return m.line == mark.line; });
    if (mark.line != 0 && !seen) editor.marks.push_back(std::move(mark));
  }
  if (!editor.marks.empty()) say(editor, "The run failed at line " + std::to_string(editor.marks.front().line) + ": " +
                                             editor.marks.front().message, true);
}

}  // namespace wakeline::app
