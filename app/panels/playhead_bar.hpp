// The stepping bar above the timeline: the transport (to start, previous poll, step back,
// play/pause, step, next poll, to end, and the selected task's previous/next event), the speed,
// "reveal", where the playhead is, and the narration of the event that just happened in a large
// font. Also the stepping keys, which work wherever the pointer is unless a field takes the typing.
#pragma once

#include "panels/theme.hpp"
#include "panels/widgets.hpp"
#include "playhead_view.hpp"
#include "timeline/timeline_view.hpp"

namespace wakeline::app {

// Space play/pause; Left/Right step; Shift+Left/Right previous/next poll; Ctrl+Left/Right the
// selected task's previous/next event; Home/End; F fit the whole run. Returns true if one acted.
bool handle_playhead_keys(PlayheadView& view, TimelineView& timeline);

// Draws the bar at the cursor across the window's width; returns the narration as shown (wrapped,
// perhaps cut). `compact` (presentation mode, or a panel short of room for its lanes) is one row: no
// poll and task buttons (their keys still work), no position line (the State page's header repeats
// it), the narration beside them when it fits, else in at most two lines below.
FittedText draw_playhead_bar(PlayheadView& view, TaskId selected_task, const char* selected_name, const ThemeFonts& fonts,
                             float ui_scale, bool compact = false);

}  // namespace wakeline::app
