// `--dump-ui FILE`: the app as JSON, so tests check what the window shows without reading pixels.
// {"app": the lesson, its parameters, the run's status, the selection; "layout": where the panels,
// lessons, parameters and buttons are and where each timeline lane is drawn, in window pixels, so a
// script can click them; "timeline": timeline/ui_dump.hpp's dump of the visible window, or null;
// "editor": the script editor's file, buffer, gutter marks and last run, or null while it is closed;
// "picture": the last timeline picture's size, type size and lane area, or null}. "app" also says
// which panels are folded for want of room and which one the drawer shows.
#pragma once

#include <string>

#include "app_state.hpp"
#include "panels/theme.hpp"

namespace wakeline::app {

// Records where ImGui drew the last item under `name` in the screen map (call right after it).
void note_last_item(ScreenMap& screen, std::string name);

// Call between frames, after a frame drew the timeline (its model and layout are then current).
std::string app_dump_json(const AppState& state, int window_width, int window_height);

}  // namespace wakeline::app
