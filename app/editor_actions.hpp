// Carries out what the script editor's toolbar, the Script menu or a key asked for during the
// frame (ScriptEditor::requested): New, Edit a copy of the chosen lesson, Save, Save as, Close;
// Run becomes a request gui_main carries out between frames (it needs the run controller idle).
#pragma once

#include "app_state.hpp"

namespace wakeline::app {

void carry_out_editor_request(AppState& state);

}  // namespace wakeline::app
