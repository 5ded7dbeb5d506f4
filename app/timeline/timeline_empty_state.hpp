// The Timeline panel before any run: an empty axis and what to do next ("Pick a lesson and press Run").
#pragma once

#include "panels/theme.hpp"

namespace wakeline::app {

// Fills the panel's remaining content area.
void draw_empty_timeline(const ThemeFonts& fonts, float scale);

}  // namespace wakeline::app
