#include "platform/window.hpp"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

namespace wakeline::app {
namespace {

// Contexts to try, best first. 3.3 core is what Mesa (llvmpipe included) and every desktop driver
// give; 3.0 keeps old or virtual GPUs working rather than refusing to start.
struct GlVersion {
  int major;
  int minor;
  bool core_profile;
  const char* glsl_version;  // what ImGui's OpenGL3 backend compiles its shaders against
};
constexpr GlVersion kGlVersions[] = {
    {3, 3, true, "#version 330 core"},
    {3, 0, false, "#version 130"},
};

// GLFW keeps its last error per thread; reading it here avoids a global error callback.
std::string last_glfw_error() {
  const char* description = nullptr;
  if (glfwGetError(&description) == GLFW_NO_ERROR || description == nullptr) return "unknown GLFW error";
  std::string text = description;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

GLFWwindow* create_glfw_window(const WindowOptions& options, const GlVersion& version) {
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, version.major);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, version.minor);
  if (version.core_profile) {
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  }
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, options.scale_to_monitor ? GLFW_TRUE : GLFW_FALSE);
  return glfwCreateWindow(options.size.width, options.size.height, options.title.c_str(), nullptr, nullptr);
}

}  // namespace

std::optional<Window> open_window(const WindowOptions& options, std::string& error) {
  if (glfwInit() == GLFW_FALSE) {
    error = "cannot open a window: " + last_glfw_error() +
            " (is DISPLAY set? Without a screen, run under xvfb-run)";
    return std::nullopt;
  }

  GLFWwindow* glfw = nullptr;
  const char* glsl_version = nullptr;
  std::string context_error;
  for (const GlVersion& version : kGlVersions) {
    glfw = create_glfw_window(options, version);
    if (glfw != nullptr) {
      glsl_version = version.glsl_version;
      break;
    }
    context_error = last_glfw_error();
  }
  if (glfw == nullptr) {
    glfwTerminate();
    error = "cannot create an OpenGL 3 window: " + context_error;
    return std::nullopt;
  }

  glfwMakeContextCurrent(glfw);
  glfwSwapInterval(options.vsync ? 1 : 0);
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    glfwDestroyWindow(glfw);
    glfwTerminate();
    error = "cannot load the OpenGL functions";
    return std::nullopt;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is computed every frame; nothing worth saving to imgui.ini
  io.LogFilename = nullptr;
  if (!ImGui_ImplGlfw_InitForOpenGL(glfw, true) || !ImGui_ImplOpenGL3_Init(glsl_version)) {
    ImGui::DestroyContext();
    glfwDestroyWindow(glfw);
    glfwTerminate();
    error = "cannot start ImGui's OpenGL renderer";
    return std::nullopt;
  }

  Window window;
  window.glfw = glfw;
  if (const GLubyte* renderer = glGetString(GL_RENDERER)) {
    window.gl_renderer = reinterpret_cast<const char*>(renderer);
  }
  return window;
}

void close_window(Window& window) {
  if (window.glfw == nullptr) return;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window.glfw);
  glfwTerminate();
  window.glfw = nullptr;
}

bool window_should_close(const Window& window) { return glfwWindowShouldClose(window.glfw) != 0; }

float window_content_scale(const Window& window) {
  float x = 1.0f;
  float y = 1.0f;
  glfwGetWindowContentScale(window.glfw, &x, &y);
  return x;
}

FramebufferSize framebuffer_size(const Window& window) {
  FramebufferSize size;
  glfwGetFramebufferSize(window.glfw, &size.width, &size.height);
  return size;
}

void begin_frame(Window& window) {
  glfwPollEvents();
  // A minimised window has a 0x0 framebuffer: wait for it to come back instead of spinning.
  while (glfwGetWindowAttrib(window.glfw, GLFW_ICONIFIED) != 0 && !window_should_close(window)) {
    glfwWaitEvents();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void render_frame(Window& window, ImVec4 backdrop) {
  ImGui::Render();
  const FramebufferSize size = framebuffer_size(window);
  glViewport(0, 0, size.width, size.height);
  glClearColor(backdrop.x, backdrop.y, backdrop.z, backdrop.w);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void present_frame(Window& window) { glfwSwapBuffers(window.glfw); }

void reload_font_texture(Window&) {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace wakeline::app
