// Where the script editor goes while it is open: a column on the right, beside the timeline, in
// the Inspector's place (the panel layout, layout.hpp, then lays out the rest of the window as
// usual). Pure, so tests check it without a window.
#pragma once

#include "layout.hpp"

namespace wakeline::app {

struct EditorSplit {
  Rect rest;    // what compute_panel_layout gets as its work area
  Rect editor;  // the editor panel, `gap` from the rest and from the window's edges
};

// The editor takes about 38% of the width (at least 440 px at 100%, so a lesson's lines fit; at most
// 760 px and never more than half the window, so the timeline keeps its lanes).
EditorSplit split_for_editor(Rect work_area, float ui_scale, float gap);

}  // namespace wakeline::app
