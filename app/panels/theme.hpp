// Wakeline's look: a calm dark theme with enough contrast to survive a classroom projector, and
// the DejaVu fonts that go with it, both scaled by the UI scale (100% to 250%).
// Panels use the palette below for what they draw themselves, so everything shares one set of colours.
#pragma once

#include <imgui.h>

namespace wakeline::app {

namespace palette {
inline constexpr ImU32 kBackdrop = IM_COL32(13, 15, 19, 255);    // between and behind the panels
inline constexpr ImU32 kPanel = IM_COL32(24, 27, 33, 255);       // panel background
inline constexpr ImU32 kRaised = IM_COL32(33, 37, 45, 255);      // title bars, the timeline ruler
inline constexpr ImU32 kLaneStripe = IM_COL32(28, 32, 39, 255);  // every other timeline lane
inline constexpr ImU32 kBorder = IM_COL32(54, 60, 72, 255);
inline constexpr ImU32 kGrid = IM_COL32(44, 49, 60, 255);        // ruler ticks and grid lines
inline constexpr ImU32 kText = IM_COL32(232, 235, 240, 255);
inline constexpr ImU32 kTextMuted = IM_COL32(160, 168, 181, 255);  // still 7:1 on kPanel
inline constexpr ImU32 kAccent = IM_COL32(94, 164, 232, 255);      // selection, focus, the playhead
}  // namespace palette

struct ThemeFonts {
  ImFont* body = nullptr;     // the default for every widget
  ImFont* heading = nullptr;  // bold and larger: panel messages, the About box
  ImFont* mono = nullptr;     // console and code
  bool fell_back = false;     // DejaVu was not found, so ImGui's built-in bitmap font is used
};

// Sets ImGui's colours and sizes and rebuilds the font atlas for `ui_scale`. Call between frames,
// then upload the atlas again (window.hpp: reload_font_texture) if the renderer already has one.
ThemeFonts apply_theme(float ui_scale);

}  // namespace wakeline::app
