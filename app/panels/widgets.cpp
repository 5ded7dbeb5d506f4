#include "panels/widgets.hpp"

#include <algorithm>
#include <cfloat>
#include <string_view>

namespace wakeline::app {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

float text_width(std::string_view text) {
  return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
}

// The last shown line, shortened (at a space when it can) until it and the ellipsis fit.
std::string with_ellipsis(std::string_view line, float width) {
  std::string_view kept = line;
  while (!kept.empty() && text_width(std::string(kept) + std::string(kEllipsis)) > width) {
    const std::size_t space = kept.find_last_of(' ');
    // Whole words first; a single word too long for the room loses letters instead.
    kept = space != std::string_view::npos && space > 0 ? kept.substr(0, space) : kept.substr(0, kept.size() - 1);
  }
  while (!kept.empty() && kept.back() == ' ') kept.remove_suffix(1);
  return std::string(kept) + std::string(kEllipsis);
}

}  // namespace

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

FittedText fit_text_lines(const std::string& text, float width, int max_lines) {
  FittedText out;
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const char* at = text.c_str();
  const char* const end = at + text.size();
  for (int line = 0; at < end; ++line) {
    // ImGui's own word wrap, as TextWrapped uses: breaks after spaces, a lone long word where it must.
    const char* stop = font->CalcWordWrapPositionA(size / font->FontSize, at, end, width);
    if (stop == at) stop = at + 1;  // not even one character fits: show one anyway, never loop
    const char* next = stop;
    while (next < end && (*next == ' ' || *next == '\n')) ++next;
    if (line + 1 == max_lines && next < end) {
      out.cut = true;
      if (!out.shown.empty()) out.shown += '\n';
      out.shown += with_ellipsis(std::string_view(at, static_cast<std::size_t>(end - at)), width);
      return out;
    }
    std::string_view shown(at, static_cast<std::size_t>(stop - at));
    while (!shown.empty() && (shown.back() == ' ' || shown.back() == '\n')) shown.remove_suffix(1);
    if (!out.shown.empty()) out.shown += '\n';
    out.shown += shown;
    at = next;
  }
  return out;
}

FittedText fitted_text(const std::string& text, int max_lines) {
  const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  FittedText fitted = fit_text_lines(text, width, max_lines);
  ImGui::TextUnformatted(fitted.shown.c_str());
  if (fitted.cut && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  return fitted;
}

}  // namespace wakeline::app
