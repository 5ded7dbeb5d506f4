// Small text pieces the panels share, so every panel's messages and empty states look alike.
// Immediate-mode helpers: call them inside a panel, between ImGui::Begin and ImGui::End.
#pragma once

#include <string>

#include "panels/theme.hpp"

namespace wakeline::app {

// A heading in the bold font, e.g. "Nothing selected".
void heading_text(const ThemeFonts& fonts, const char* text);

// Secondary text in the muted colour, wrapped to the panel's width.
void muted_text_wrapped(const char* text);

// What a piece of fitted text showed: its lines joined by '\n' and whether some of it was left out.
struct FittedText {
  std::string shown;
  bool cut = false;
};

// Breaks `text` at spaces to lines of at most `width` pixels in the current font, at most
// `max_lines` of them; when it needs more, the last line ends in an ellipsis. Pure layout, no drawing.
FittedText fit_text_lines(const std::string& text, float width, int max_lines);

// Draws `text` at the cursor, wrapped to the room left in the panel in at most `max_lines` lines (one
// word per line at worst, never a column of single letters unless a word is longer than the room).
// When it is cut, hovering it shows all of it. One place for every panel's long text: the
// narration, lesson titles.
FittedText fitted_text(const std::string& text, int max_lines);

}  // namespace wakeline::app
