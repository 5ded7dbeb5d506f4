// The timeline alone as a picture, for slides: File > Export > Timeline as PNG and `wakeline
// screenshot`. Drawn offscreen (offscreen_frame.hpp) at the size asked for, whatever the window's
// size, with the run's title where the toolbar's buttons would be, and the playhead if one stands
// before the end.
#pragma once

#include <string>

#include "app_state.hpp"
#include "panels/theme.hpp"

namespace wakeline::app {

inline constexpr int kMinPictureWidth = 320, kMinPictureHeight = 240;
inline constexpr int kMaxPictureWidth = 7680, kMaxPictureHeight = 4320;

// "" when the size is allowed, else a sentence naming it and the allowed range.
std::string check_picture_size(int width, int height);

// A picture's type grows with its height, as a slide's should: 100% at 720 px high (the body text
// 18 px), 300% at 2160. The caller builds the fonts at this scale for the picture (apply_theme), so
// 4K text is drawn from 4K glyphs, not stretched.
float picture_ui_scale(int height);

// Fills the whole display with the timeline of state.trace: over the window the timeline shows now
// (`fit_all` false), or the whole run, with `fonts` built for `ui_scale`. Reads the state; the
// picture never moves the real view. Returns where it put the lanes (for --dump-ui).
TimelineFrameLayout draw_timeline_picture(const AppState& state, bool fit_all, const ThemeFonts& fonts, float ui_scale);

}  // namespace wakeline::app
