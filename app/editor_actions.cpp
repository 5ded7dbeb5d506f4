#include "editor_actions.hpp"

#include <utility>

namespace wakeline::app {

void carry_out_editor_request(AppState& state) {
  using Request = ScriptEditor::Request;
  ScriptEditor& editor = state.editor;
  const Request request = std::exchange(editor.requested, Request::None);
  switch (request) {
    case Request::None: return;
    case Request::New: start_new_script(editor, WAKELINE_ASSETS_DIR "/templates/new_lesson.lua"); return;
    case Request::Copy:
      if (const scenarios::Lesson* lesson = find_lesson_in(state.catalog, state.lesson.lesson_id))
        start_copy_of(editor, *lesson, state.catalog);
      return;
    case Request::Save: save_script(editor, state.catalog); return;
    case Request::SaveAs:
      editor.save_as_name = editor.path.empty() ? editor.name : editor.path;
      editor.save_as_open = true;
      return;
    case Request::SaveAsConfirmed: save_script(editor, state.catalog, editor.save_as_name); return;
    case Request::Run: state.requests.run_editor = true; return;
    case Request::Close: editor.open = editor.editing = false; return;
  }
}

}  // namespace wakeline::app
