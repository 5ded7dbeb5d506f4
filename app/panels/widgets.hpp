// Small text pieces the panels share, so every panel's messages and empty states look alike.
// Immediate-mode helpers: call them inside a panel, between ImGui::Begin and ImGui::End.
#pragma once

#include "panels/theme.hpp"

namespace wakeline::app {

// A heading in the bold font, e.g. "Nothing selected".
void heading_text(const ThemeFonts& fonts, const char* text);

// Secondary text in the muted colour, wrapped to the panel's width.
void muted_text_wrapped(const char* text);

}  // namespace wakeline::app
