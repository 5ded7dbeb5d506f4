#include "panels/widgets.hpp"

namespace wakeline::app {

void heading_text(const ThemeFonts& fonts, const char* text) {
  ImGui::PushFont(fonts.heading);
  ImGui::PushTextWrapPos(0.0f);  // 0 wraps at the panel's right edge
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void muted_text_wrapped(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  ImGui::PushTextWrapPos(0.0f);  // 0 wraps at the panel's right edge
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace wakeline::app
