#include "console_panel.hpp"

#include <cstdio>

namespace wakeline::app {
namespace {

constexpr ImU32 kErrorText = IM_COL32(240, 176, 96, 255);

ImU32 color_of(ConsoleLine::Kind kind) {
  switch (kind) {
    case ConsoleLine::Kind::Output: return palette::kText;
    case ConsoleLine::Kind::Error: return kErrorText;
    case ConsoleLine::Kind::App: break;
  }
  return palette::kTextMuted;
}

}  // namespace

std::string console_time(std::uint64_t ns) {
  const double value = static_cast<double>(ns);
  char text[32];
  if (value >= 1e9) std::snprintf(text, sizeof text, "%9.3f s ", value / 1e9);
  else if (value >= 1e6) std::snprintf(text, sizeof text, "%9.3f ms", value / 1e6);
  else std::snprintf(text, sizeof text, "%9.1f \xC2\xB5s", value / 1e3);  // U+00B5, in DejaVu and ImGui's ranges
  return text;
}

void draw_console_panel(const std::vector<ConsoleLine>& lines, const ThemeFonts& fonts) {
  ImGui::PushFont(fonts.mono);
  for (const ConsoleLine& line : lines) {
    if (line.time_ns) {
      ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
      ImGui::TextUnformatted(console_time(*line.time_ns).c_str());
      ImGui::PopStyleColor();
      ImGui::SameLine();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color_of(line.kind));
    // Wrapped rather than scrolled sideways: a class should never miss the end of a line.
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(line.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  // Follow new output, unless the reader scrolled up to look at something older.
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
  ImGui::PopFont();
}

}  // namespace wakeline::app
