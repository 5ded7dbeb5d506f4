#include "panels/console_panel.hpp"

#include <cstdio>

#include "wakeline/printable.hpp"

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

namespace {

constexpr ImU32 kFutureText = IM_COL32(96, 104, 117, 255);  // printed later than the playhead
constexpr ImU32 kLatestBackground = IM_COL32(94, 164, 232, 48);

// A line's time, with its text beside it; in a panel too narrow for both (a large UI scale, 800x600)
// the text goes under its time, rather than down a column a word wide.
void time_then_text(const std::string& time) {
  constexpr float kMinTextChars = 14.0f;
  const float time_width = ImGui::CalcTextSize(time.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
  const bool beside = ImGui::GetContentRegionAvail().x - time_width >= kMinTextChars * ImGui::CalcTextSize("0").x;
  ImGui::TextUnformatted(time.c_str());
  if (beside) ImGui::SameLine();
}

void draw_step_output(const ConsoleStep& step) {
  const std::size_t shown = step.reveal ? step.printed : step.lines.size();
  if (shown == 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
    ImGui::TextUnformatted(step.lines.empty() ? "This run prints nothing." : "Nothing printed yet at the playhead.");
    ImGui::PopStyleColor();
  }
  for (std::size_t i = 0; i < shown; ++i) {
    const PrintedLine& line = step.lines[i];
    const bool future = i >= step.printed;
    if (i + 1 == step.printed) {
      // The line printed last: a band behind it, and kept in view as the playhead moves.
      const ImVec2 at = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddRectFilled(
          ImVec2(at.x - 4, at.y), ImVec2(at.x + ImGui::GetContentRegionAvail().x + 4, at.y + ImGui::GetTextLineHeightWithSpacing()),
          kLatestBackground, 3.0f);
      ImGui::SetScrollHereY(0.5f);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, future ? kFutureText : palette::kTextMuted);
    time_then_text(console_time(line.time_ns));
    ImGui::PushStyleColor(ImGuiCol_Text, future ? kFutureText : palette::kText);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(folded(line.text).c_str());  // a 20 000-character line: its start and length
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor(2);
  }
}

}  // namespace

void draw_console_panel(const std::vector<ConsoleLine>& lines, const ConsoleStep* step, const ThemeFonts& fonts) {
  ImGui::PushFont(fonts.mono);
  if (step != nullptr) {
    draw_step_output(*step);
    ImGui::PopFont();
    return;
  }
  for (const ConsoleLine& line : lines) {
    if (line.time_ns) {
      ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
      time_then_text(console_time(*line.time_ns));
      ImGui::PopStyleColor();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color_of(line.kind));
    // Wrapped rather than scrolled sideways: a class should never miss the end of a line.
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(folded(line.text).c_str());  // a 20 000-character line: its start and length
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  // Follow new output, unless the reader scrolled up to look at something older.
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
  ImGui::PopFont();
}

}  // namespace wakeline::app
