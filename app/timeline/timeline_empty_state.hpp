// The Timeline panel before any run: an empty axis and what to do next ("Pick a lesson and press Run").
#pragma once

#include <string>

#include "panels/theme.hpp"

namespace wakeline::app {

// What the card over the empty lanes says: what to do next, or how far a run has got.
struct EmptyTimelineText {
  std::string title = "Pick a lesson and press Run";
  std::string detail = "Every poll, wake and steal will appear here, on one time axis.";
};

// Fills the panel's remaining content area.
void draw_empty_timeline(const ThemeFonts& fonts, float scale, const EmptyTimelineText& text = {});

}  // namespace wakeline::app
