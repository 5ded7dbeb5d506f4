#include "gui_main.hpp"

#include <iostream>

#include "app_state.hpp"
#include "main_window.hpp"
#include "screenshot.hpp"
#include "theme.hpp"
#include "window.hpp"

namespace wakeline::app {
namespace {

struct GuiSession {
  Window window;
  AppState state;
  ThemeFonts fonts;
  float applied_ui_scale = 0.0f;  // the scale the style and font atlas were last built for
  float content_scale = 1.0f;     // the monitor's, to notice when the window moves to another
  bool follow_monitor = true;     // false once --ui-scale chose a scale
};

void greet(GuiSession& session) {
  std::vector<std::string>& console = session.state.console_lines;
  console.push_back("Wakeline " WAKELINE_VERSION ": watch an async executor at work.");
  console.push_back("Renderer: " + (session.window.gl_renderer.empty() ? "unknown" : session.window.gl_renderer));
  if (session.fonts.fell_back) console.push_back("DejaVu fonts not found; using ImGui's built-in font.");
  console.push_back("Pick a lesson on the left, then press Run.");
}

// Follows the monitor's scale when the window moves between screens, and rebuilds the style and
// fonts when the scale changed. Must run between frames: the atlas cannot change mid-frame.
void update_scale(GuiSession& session) {
  const float content_scale = window_content_scale(session.window);
  if (session.follow_monitor && content_scale != session.content_scale) {
    session.content_scale = content_scale;
    session.state.ui_scale = snap_ui_scale(content_scale);
  }
  if (session.state.ui_scale == session.applied_ui_scale) return;
  session.fonts = apply_theme(session.state.ui_scale);
  session.applied_ui_scale = session.state.ui_scale;
  reload_font_texture(session.window);
}

void draw_frame(GuiSession& session) {
  begin_frame(session.window);
  draw_main_window(session.state, session.fonts);
  render_frame(session.window, ImGui::ColorConvertU32ToFloat4(palette::kBackdrop));
}

int run_until_quit(GuiSession& session) {
  while (!session.state.quit_requested && !window_should_close(session.window)) {
    update_scale(session);
    draw_frame(session);
    present_frame(session.window);
  }
  return kExitOk;
}

int save_screenshot(GuiSession& session, const CliOptions& options) {
  for (int frame = 1; frame <= options.frames; ++frame) {
    draw_frame(session);
    if (frame < options.frames) present_frame(session.window);
  }
  // The last frame is read before it is presented, while the back buffer still holds it.
  const FramebufferSize size = framebuffer_size(session.window);
  const RgbImage image = read_back_buffer(size.width, size.height);
  std::string error;
  if (!write_png(image, options.screenshot_path, error)) {
    std::cerr << "wakeline: " << error << "\n";
    return kExitFailure;
  }
  std::cout << "wakeline: saved a " << image.width << "x" << image.height << " screenshot to "
            << options.screenshot_path << "\n";
  return kExitOk;
}

}  // namespace

int run_gui(const CliOptions& options) {
  const bool screenshot = options.action == Action::Screenshot;
  WindowOptions window_options;
  window_options.size = options.size;
  // Screenshots are for docs and tests: the same pixels on every machine, so no monitor scaling.
  window_options.scale_to_monitor = !screenshot;
  window_options.vsync = !screenshot;

  std::string error;
  std::optional<Window> window = open_window(window_options, error);
  if (!window) {
    std::cerr << "wakeline: " << error << "\n";
    return kExitFailure;
  }

  GuiSession session;
  session.window = *window;
  session.content_scale = screenshot ? 1.0f : window_content_scale(session.window);
  session.follow_monitor = !screenshot && options.ui_scale_percent == 0;
  session.state.ui_scale = options.ui_scale_percent != 0 ? snap_ui_scale(options.ui_scale_percent / 100.0f)
                                                         : snap_ui_scale(session.content_scale);
  // The renderer has no font texture yet, so this first build needs no reload_font_texture.
  session.fonts = apply_theme(session.state.ui_scale);
  session.applied_ui_scale = session.state.ui_scale;
  greet(session);

  const int exit_code = screenshot ? save_screenshot(session, options) : run_until_quit(session);
  close_window(session.window);
  return exit_code;
}

}  // namespace wakeline::app
