#include "timeline_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace wakeline::app {
namespace {

// The empty axis spans one second, the scale most lessons start at.
constexpr double kEmptySpanMs = 1000.0;
constexpr float kRulerHeight = 30.0f;    // at 100%
constexpr float kLaneHeight = 44.0f;     // at 100%
constexpr float kTickSpacing = 110.0f;   // aim for a labelled tick about this often, at 100%
constexpr int kMinorTicksPerMajor = 5;

// The smallest 1, 2 or 5 x 10^k at least `raw`: tick steps a reader can add up at a glance.
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (factor * magnitude >= raw) return factor * magnitude;
  }
  return 10.0 * magnitude;
}

// Where the empty axis sits on screen and how it is divided.
struct Axis {
  float left = 0;   // x of 0 ms
  float right = 0;  // x of kEmptySpanMs
  double major_ms = 0;
  double px_per_ms = 0;
  float x_at(double ms) const { return std::round(left + static_cast<float>(ms * px_per_ms)); }
  int minor_ticks() const { return static_cast<int>(std::floor(kEmptySpanMs / (major_ms / kMinorTicksPerMajor) + 1e-6)); }
  double minor_ms() const { return major_ms / kMinorTicksPerMajor; }
};

std::string ms_label(double ms) { return std::to_string(static_cast<long long>(std::llround(ms))) + " ms"; }

Axis make_axis(float left, float right, float scale) {
  Axis axis;
  axis.left = left;
  // Labels sit right of their tick, so leave room for the last one inside the panel.
  const float label_room = ImGui::CalcTextSize(ms_label(kEmptySpanMs).c_str()).x + 12.0f * scale;
  axis.right = std::max(left + 1.0f, right - label_room);
  const double width = axis.right - axis.left;
  axis.major_ms = nice_step(kEmptySpanMs / std::max(1.0, width / (kTickSpacing * scale)));
  axis.px_per_ms = width / kEmptySpanMs;
  return axis;
}

void draw_ruler(ImDrawList& draw, const Axis& axis, ImVec2 min, ImVec2 max, float scale) {
  draw.AddRectFilled(min, max, palette::kRaised, 4.0f * scale);
  const float label_pad = 5.0f * scale;
  for (int i = 0; i <= axis.minor_ticks(); ++i) {
    const double ms = i * axis.minor_ms();
    const bool major = i % kMinorTicksPerMajor == 0;
    const float x = axis.x_at(ms);
    const float tick = (major ? 10.0f : 5.0f) * scale;
    draw.AddLine(ImVec2(x, max.y - tick), ImVec2(x, max.y), major ? palette::kTextMuted : palette::kBorder, scale);
    if (!major) continue;
    const std::string label = ms_label(ms);
    const float label_y = std::round(min.y + (max.y - min.y - ImGui::GetFontSize()) * 0.5f - 2.0f * scale);
    draw.AddText(ImVec2(x + label_pad, label_y), palette::kTextMuted, label.c_str());
  }
}

// Alternating bands where the worker and thread lanes will go, with a faint line at each
// labelled time so the axis visibly carries on down the panel.
void draw_lanes(ImDrawList& draw, const Axis& axis, ImVec2 min, ImVec2 max, float scale) {
  const float lane = kLaneHeight * scale;
  int index = 0;
  for (float y = min.y; y < max.y; y += lane, ++index) {
    if (index % 2 == 1) draw.AddRectFilled(ImVec2(min.x, y), ImVec2(max.x, std::min(y + lane, max.y)), palette::kLaneStripe);
  }
  for (int i = 0; i <= axis.minor_ticks(); i += kMinorTicksPerMajor) {
    const float x = axis.x_at(i * axis.minor_ms());
    draw.AddLine(ImVec2(x, min.y), ImVec2(x, max.y), palette::kGrid, scale);
  }
}

// Word-wraps `text` to `wrap_width` and returns each line; ImDrawList::AddText can wrap, but only
// left-aligned, and the empty-state message is centred.
std::vector<std::string_view> wrap_lines(const ImFont& font, std::string_view text, float wrap_width) {
  std::vector<std::string_view> lines;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  while (begin < end) {
    const char* line_end = font.CalcWordWrapPositionA(1.0f, begin, end, wrap_width);
    if (line_end == begin) ++line_end;  // a single word wider than the box: let it overflow
    std::string_view line(begin, static_cast<std::size_t>(line_end - begin));
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    lines.push_back(line);
    begin = line_end;
    while (begin < end && *begin == ' ') ++begin;
  }
  return lines;
}

float widest_line(const ImFont& font, const std::vector<std::string_view>& lines) {
  float widest = 0.0f;
  for (const std::string_view line : lines) {
    widest = std::max(widest, font.CalcTextSizeA(font.FontSize, FLT_MAX, 0.0f, line.data(), line.data() + line.size()).x);
  }
  return widest;
}

// What to do next, in a card centred over the empty lanes. Narrow panels wrap the text; a panel
// too short for it shows only the axis.
void draw_centered_message(ImDrawList& draw, const ThemeFonts& fonts, ImVec2 min, ImVec2 max, float scale) {
  constexpr std::string_view kTitle = "Pick a lesson and press Run";
  constexpr std::string_view kDetail = "Every poll, wake and steal will appear here, on one time axis.";
  const ImVec2 padding(32.0f * scale, 24.0f * scale);
  const float margin = 16.0f * scale;  // between the card and the panel's edge
  const float line_gap = 10.0f * scale;
  const float wrap_width = std::max(1.0f, max.x - min.x - 2 * (padding.x + margin));

  const ImFont& heading = *fonts.heading;
  const ImFont& body = *fonts.body;
  const std::vector<std::string_view> title = wrap_lines(heading, kTitle, wrap_width);
  std::vector<std::string_view> detail = wrap_lines(body, kDetail, wrap_width);
  const auto card_height = [&] {
    const float title_height = heading.FontSize * static_cast<float>(title.size());
    const float detail_height = detail.empty() ? 0.0f : line_gap + body.FontSize * static_cast<float>(detail.size());
    return title_height + detail_height + 2 * padding.y;
  };
  const float room = max.y - min.y - 2 * margin;
  if (card_height() > room) detail.clear();  // short panel: the instruction matters most
  if (card_height() > room) return;
  const ImVec2 card_size(std::max(widest_line(heading, title), widest_line(body, detail)) + 2 * padding.x,
                         card_height());

  const ImVec2 center((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  const ImVec2 card_min(std::round(center.x - card_size.x * 0.5f), std::round(center.y - card_size.y * 0.5f));
  const ImVec2 card_max(card_min.x + card_size.x, card_min.y + card_size.y);
  draw.AddRectFilled(card_min, card_max, palette::kPanel, 8.0f * scale);
  draw.AddRect(card_min, card_max, palette::kBorder, 8.0f * scale, 0, scale);

  float y = card_min.y + padding.y;
  const auto draw_centered = [&](const ImFont& font, const std::vector<std::string_view>& lines, ImU32 color) {
    for (const std::string_view line : lines) {
      const float width =
          font.CalcTextSizeA(font.FontSize, FLT_MAX, 0.0f, line.data(), line.data() + line.size()).x;
      draw.AddText(&font, font.FontSize, ImVec2(std::round(center.x - width * 0.5f), y), color, line.data(),
                   line.data() + line.size());
      y += font.FontSize;
    }
  };
  draw_centered(heading, title, palette::kText);
  y += line_gap;
  draw_centered(body, detail, palette::kTextMuted);
}

}  // namespace

void draw_timeline_panel(AppState& state, const ThemeFonts& fonts) {
  const float scale = state.ui_scale;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x <= 0 || avail.y <= 0) return;
  ImDrawList& draw = *ImGui::GetWindowDrawList();

  const ImVec2 end(origin.x + avail.x, origin.y + avail.y);
  const ImVec2 ruler_max(end.x, origin.y + kRulerHeight * scale);
  const ImVec2 lanes_min(origin.x, ruler_max.y + 4.0f * scale);
  const Axis axis = make_axis(origin.x, end.x, scale);
  draw_ruler(draw, axis, origin, ruler_max, scale);
  draw_lanes(draw, axis, lanes_min, end, scale);
  draw_centered_message(draw, fonts, lanes_min, end, scale);
  ImGui::Dummy(avail);  // claim the area so ImGui knows the panel's content size
}

}  // namespace wakeline::app
