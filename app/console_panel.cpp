#include "console_panel.hpp"

namespace wakeline::app {

void draw_console_panel(AppState& state, const ThemeFonts& fonts) {
  ImGui::PushFont(fonts.mono);
  // Wrapped rather than scrolled sideways: a class should never miss the end of a line.
  ImGui::PushTextWrapPos(0.0f);
  for (const std::string& line : state.console_lines) ImGui::TextUnformatted(line.c_str());
  ImGui::PopTextWrapPos();
  // Follow new output, unless the reader scrolled up to look at something older.
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
  ImGui::PopFont();
}

}  // namespace wakeline::app
