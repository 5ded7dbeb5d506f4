// The script editor's state and what its buttons do (New, Edit a copy, Save, Save as, Run), apart
// from drawing it (script_editor_panel.hpp): a teacher writes a lesson in the window, runs it, and
// saves it into the user's lessons folder, without a compiler. A script that does not load marks
// its line in the gutter and leaves the previous run on screen; one that fails while running marks
// its line too, and the run ends as the executor says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson_catalog.hpp"
#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// A line the gutter marks, with why (shown beside it and as its tooltip).
struct GutterMark {
  std::uint32_t line = 0;
  std::string message;
  bool at_run = false;  // failed while running (else: did not load)
};

struct ScriptEditor {
  bool open = false;
  std::string text;    // the buffer, as typed
  std::string name;    // the file's name, for the title and as the script's name in events until saved
  std::string path;    // where it was last saved; "" until then
  bool dirty = false;  // changed since New, Edit a copy or the last save
  bool editing = false;          // the text field has the keyboard; otherwise the coloured view shows
  bool focus_requested = false;  // give the text field the keyboard next frame
  bool focused = false;          // the panel had the keyboard last frame: Ctrl+S and F5 are the editor's
  std::vector<GutterMark> marks;
  std::string notice;  // what the last action did: "Saved ...", "Not saved: ..."
  bool notice_is_error = false;
  // What the toolbar, the menu or a key asked for this frame (editor_actions.hpp carries it out).
  enum class Request : std::uint8_t { None, New, Copy, Save, SaveAs, SaveAsConfirmed, Run, Close } requested = Request::None;
  // Save as: the name field of its popup (a bare name goes into the user's lessons folder).
  bool save_as_open = false;
  std::string save_as_name;
  std::int64_t pending_cursor = -1;  // byte offset for the text cursor once the field takes the keyboard
  std::uint32_t cursor_line = 0;     // the text cursor's line while editing (1-based), kept in view
  std::uint32_t followed_line = 0;
  // The text field taking the keyboard scrolls itself into view from its top; the rows the click
  // was on are held in place for a few frames instead.
  float held_scroll = 0;
  int hold_scroll_frames = 0;

  // The last Run from the editor: the lesson id it ran as, and its result once it ended.
  std::string run_lesson_id;
  bool awaiting_run = false;
  std::optional<std::uint64_t> last_total_ns;
  std::uint64_t runs_started = 0;

  // Where the last frame drew the text, for --dump-ui: a script clicks at a line and column.
  struct TextGeometry {
    float x = 0, y = 0;          // screen position of line 1, column 0 (scrolled)
    float line_height = 0, char_width = 0;
    float top = 0, bottom = 0;   // the visible rows' screen span
  } geometry;
};

// $XDG_DATA_HOME/wakeline/lessons (or ~/.local/share/wakeline/lessons): where Save puts scripts.
std::string user_lessons_folder();

// "file:line: message" (or any "...:line: ..." naming `file`): the line and the message after it;
// line 0 when the text names no line.
GutterMark mark_from_error(std::string_view error, std::string_view file);

// New: the commented template (assets/templates/new_lesson.lua), unsaved. False, with a notice,
// when the template cannot be read.
bool start_new_script(ScriptEditor& editor, const std::string& template_path);

// Edit a copy: a script lesson's own text, or a built-in lesson's script twin (id + "-lua"), with
// an id of its own ("sequential-vs-join-copy", or -copy-2 ... when taken) so that, saved, it sits
// beside the original instead of being refused as a duplicate. False, with a notice, for a lesson
// that has no script.
bool start_copy_of(ScriptEditor& editor, const scenarios::Lesson& lesson, const LessonCatalog& catalog);

// Save into `path_or_name` (a bare name goes into the user's lessons folder, which is created;
// ".lua" is added if missing) through the atomic writer. A refused write is said in the notice and
// keeps the buffer and its dirty flag. Save with an empty name uses the editor's path or name.
bool save_script(ScriptEditor& editor, LessonCatalog& catalog, const std::string& path_or_name = {});

// Run: loads the buffer as a lesson. If it does not load (or takes a lesson id that is not its
// own), its line is marked and nothing changes. Otherwise the lesson goes into the catalog as the
// editor's entry (replacing its previous one), becomes the chosen lesson, keeping the parameter
// values the teacher set by hand and taking the script's defaults for the rest. Replaces catalog
// entries: call only while no run or comparison uses a Lesson.
struct LessonChoiceUpdate {
  std::string lesson_id;
  scenarios::LessonSetup setup;
};
std::optional<LessonChoiceUpdate> prepare_editor_run(ScriptEditor& editor, LessonCatalog& catalog,
                                                     const std::string& current_id, const scenarios::LessonSetup& current);

// After the editor's run ended and its trace is shown: its total, and the lines where tasks failed.
void note_editor_run(ScriptEditor& editor, const Trace& trace);

}  // namespace wakeline::app
