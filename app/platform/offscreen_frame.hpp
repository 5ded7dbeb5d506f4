// One ImGui frame drawn into an offscreen framebuffer of any size and read back, whatever size the
// window is: how File > Export > Timeline as PNG makes a 3840x2160 slide from a laptop's window.
#pragma once

#include <functional>
#include <string>

#include <imgui.h>

#include "platform/screenshot.hpp"
#include "platform/window.hpp"

namespace wakeline::app {

// Largest side of an offscreen picture: the window's limit, which every GL 3.3 driver can allocate.
inline constexpr int kMaxOffscreenSide = 7680;

// Call between frames (after present_frame), never inside one. `draw` makes the frame's ImGui
// calls for a display of width x height; the pointer is kept off it, so nothing shows as hovered.
// On failure returns an empty image and says why in `error`.
RgbImage render_offscreen(Window& window, int width, int height, ImVec4 backdrop, const std::function<void()>& draw,
                          std::string& error);

}  // namespace wakeline::app
