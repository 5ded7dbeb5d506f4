#include "platform/offscreen_frame.hpp"

#include <cfloat>

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

namespace wakeline::app {

RgbImage render_offscreen(Window& window, int width, int height, ImVec4 backdrop, const std::function<void()>& draw,
                          std::string& error) {
  (void)window;  // the frame uses the window's GL context, current since open_window
  if (width < 1 || height < 1 || width > kMaxOffscreenSide || height > kMaxOffscreenSide) {
    error = "picture size " + std::to_string(width) + "x" + std::to_string(height) + " is outside 1x1 to " +
            std::to_string(kMaxOffscreenSide) + "x" + std::to_string(kMaxOffscreenSide);
    return {};
  }
  GLuint framebuffer = 0, color = 0;
  glGenFramebuffers(1, &framebuffer);
  glGenRenderbuffers(1, &color);
  glBindRenderbuffer(GL_RENDERBUFFER, color);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
  RgbImage image;
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    error = "the graphics driver cannot draw a " + std::to_string(width) + "x" + std::to_string(height) + " picture";
  } else {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();  // sets the window's size and the pointer: both overridden below
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    for (bool& down : io.MouseDown) down = false;
    io.MouseWheel = io.MouseWheelH = 0.0f;
    ImGui::NewFrame();
    draw();
    ImGui::Render();
    glViewport(0, 0, width, height);
    glClearColor(backdrop.x, backdrop.y, backdrop.z, backdrop.w);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    image = read_color_attachment(width, height);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteRenderbuffers(1, &color);
  glDeleteFramebuffers(1, &framebuffer);
  return image;
}

}  // namespace wakeline::app
