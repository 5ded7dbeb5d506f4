// The script editor panel: a toolbar (New, Edit a copy, Save, Save as, Run), a line saying what the
// last action did, and the script with line numbers. Not editing, the lines show in the Code
// panel's syntax colours (syntax_colors.hpp); a click there puts the text cursor at that spot and
// the text becomes an ImGui text field, its rows level with the same line numbers. Lines the last
// load or run failed at are marked in the gutter, with the message beside them and as a tooltip.
#pragma once

#include <cstdint>
#include <string>

#include "app_state.hpp"
#include "panels/script_editor.hpp"
#include "panels/theme.hpp"

namespace wakeline::app {

// Draws the panel's contents (inside its window). What the user asked for comes back as
// editor.requested (and editor.save_as_name for Save as); Ctrl+Enter and F5 ask for Run, Ctrl+S for
// Save, while the panel has the keyboard.
void draw_script_editor_panel(ScriptEditor& editor, const ThemeFonts& fonts, float ui_scale, ScreenMap& screen);

}  // namespace wakeline::app
