// What the panel tests share: one ImGui context with the app's theme and fonts, and no window or
// GPU (ImGui only builds draw lists), so a panel's frames can be drawn and inspected in a test.
#pragma once

#include <imgui.h>

#include "panels/theme.hpp"

namespace wakeline::app::testing {

class ImGuiHarness {
 public:
  explicit ImGuiHarness(ImVec2 display, float ui_scale = 1.0f) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    fonts_ = apply_theme(ui_scale);
    // Building the atlas is what a renderer would do on its first frame; NewFrame asserts without it.
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  }
  ~ImGuiHarness() { ImGui::DestroyContext(); }
  ImGuiHarness(const ImGuiHarness&) = delete;
  ImGuiHarness& operator=(const ImGuiHarness&) = delete;

  const ThemeFonts& fonts() const { return fonts_; }

 private:
  ThemeFonts fonts_;
};

}  // namespace wakeline::app::testing
