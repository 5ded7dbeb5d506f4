// The OS window: a GLFW window with an OpenGL context, glad loaded, and the ImGui context with its
// GLFW and OpenGL3 backends. A frame is begin_frame -> ImGui calls -> render_frame -> present_frame;
// anything that reads pixels back (screenshot.hpp) does so between render_frame and present_frame.
#pragma once

#include <optional>
#include <string>

#include "commands/cli.hpp"
#include <imgui.h>

struct GLFWwindow;

namespace wakeline::app {

struct WindowOptions {
  std::string title = "Wakeline";
  WindowSize size;               // screen coordinates
  bool scale_to_monitor = true;  // grow the window by the monitor's content scale (high DPI)
  bool vsync = true;             // off for screenshots, which only need frames, not pacing
};

struct Window {
  GLFWwindow* glfw = nullptr;
  std::string gl_renderer;  // e.g. "llvmpipe (LLVM 15.0.6, 256 bits)", shown in the console
};

struct FramebufferSize {
  int width = 0;
  int height = 0;
};

// Creates the window, the GL context and the ImGui context. On failure (no display, no GL 3.x)
// returns nullopt and says why in `error`; nothing is left initialised.
std::optional<Window> open_window(const WindowOptions& options, std::string& error);

// Tears down ImGui, the window and GLFW, in that order.
void close_window(Window& window);

bool window_should_close(const Window& window);

// The monitor's content scale (1.0 on a 96 dpi screen, 2.0 on a typical high-DPI laptop).
float window_content_scale(const Window& window);

FramebufferSize framebuffer_size(const Window& window);

// Polls input and starts an ImGui frame. Sleeps while the window is minimised.
void begin_frame(Window& window);

// Clears to `backdrop`, then draws the ImGui frame into the back buffer.
void render_frame(Window& window, ImVec4 backdrop);

// Shows the back buffer; its contents are undefined afterwards.
void present_frame(Window& window);

// Re-uploads the font atlas after theme.hpp rebuilt the fonts. Call between frames only.
void reload_font_texture(Window& window);

}  // namespace wakeline::app
