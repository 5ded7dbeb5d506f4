// The script editor panel through ImGui without a window: a click in the coloured script turns it
// into a text field with the cursor on the clicked line, and Ctrl+Enter asks for Run.
#include <catch2/catch.hpp>

#include <imgui.h>

#include "imgui_harness.hpp"
#include "panels/script_editor_panel.hpp"

using namespace wakeline::app;

namespace {

constexpr int kGlfwEnter = 257;  // ImGui 1.86 indexes keys by the backend's codes

struct EditorHarness {
  testing::ImGuiHarness imgui{ImVec2(900, 600)};
  ScriptEditor editor;
  ScreenMap screen;

  void frame(bool mouse_down = false) {
    ImGui::GetIO().MouseDown[0] = mouse_down;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(900, 600));
    ImGui::Begin("Editor", nullptr, ImGuiWindowFlags_NoTitleBar);
    screen = {};
    draw_script_editor_panel(editor, imgui.fonts(), 1.0f, screen);
    ImGui::End();
    ImGui::Render();
  }
};

}  // namespace

TEST_CASE("a click in the coloured script puts the text cursor on that line, and Ctrl+Enter asks for Run", "[editor]") {
  EditorHarness h;
  REQUIRE(start_new_script(h.editor, WAKELINE_ASSETS_DIR "/templates/new_lesson.lua"));
  h.frame();
  CHECK_FALSE(h.editor.editing);
  const ScriptEditor::TextGeometry at = h.editor.geometry;
  REQUIRE(at.line_height > 0);
  ImGui::GetIO().MousePos = ImVec2(at.x + 2.3f * at.char_width, at.y + 4.5f * at.line_height);  // line 5, column 2
  h.frame();
  h.frame(true);
  h.frame();
  for (int i = 0; i < 5 && h.editor.cursor_line != 5; ++i) h.frame();
  CHECK(h.editor.editing);
  CHECK(h.editor.cursor_line == 5);

  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Enter] = kGlfwEnter;
  io.KeyCtrl = true;
  io.KeysDown[kGlfwEnter] = true;
  h.frame();
  CHECK(h.editor.requested == ScriptEditor::Request::Run);
}
