// The timeline before anything has run: an empty one-second axis over empty lanes, and a card
// saying what to do next.
#include "timeline/timeline_empty_state.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string_view>
#include <vector>

#include "timeline/time_ruler.hpp"

namespace wakeline::app {
namespace {

constexpr double kEmptySpanNs = 1e9;     // the scale most lessons start at
constexpr float kRulerHeight = 30.0f;    // at 100%
constexpr float kLaneHeight = 44.0f;     // at 100%
constexpr float kTickSpacing = 110.0f;   // a labelled tick about this often, at 100%

void draw_ruler(ImDrawList& draw, const TimeRuler& ruler, ImVec2 min, ImVec2 max, float scale) {
  draw.AddRectFilled(min, max, palette::kRaised, 4.0f * scale);
  for (const RulerTick& tick : ruler.minor) {
    const float x = std::round(min.x + tick.x);
    draw.AddLine(ImVec2(x, max.y - 5.0f * scale), ImVec2(x, max.y), palette::kBorder, scale);
  }
  const float label_y = std::round(min.y + (max.y - min.y - ImGui::GetFontSize()) * 0.5f - 2.0f * scale);
  for (const RulerTick& tick : ruler.major) {
    const float x = std::round(min.x + tick.x);
    draw.AddLine(ImVec2(x, max.y - 10.0f * scale), ImVec2(x, max.y), palette::kTextMuted, scale);
    draw.AddText(ImVec2(x + 5.0f * scale, label_y), palette::kTextMuted, tick.label.c_str());
  }
}

// Alternating bands where the lanes will go, with a faint line at each labelled time so the axis
// visibly carries on down the panel.
void draw_lanes(ImDrawList& draw, const TimeRuler& ruler, ImVec2 min, ImVec2 max, float scale) {
  const float lane = kLaneHeight * scale;
  int index = 0;
  for (float y = min.y; y < max.y; y += lane, ++index) {
    if (index % 2 == 1) draw.AddRectFilled(ImVec2(min.x, y), ImVec2(max.x, std::min(y + lane, max.y)), palette::kLaneStripe);
  }
  for (const RulerTick& tick : ruler.major) {
    const float x = std::round(min.x + tick.x);
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
void draw_centered_message(ImDrawList& draw, const ThemeFonts& fonts, ImVec2 min, ImVec2 max, float scale,
                           const EmptyTimelineText& text) {
  const std::string_view title_text = text.title;
  const std::string_view detail_text = text.detail;
  const ImVec2 padding(32.0f * scale, 24.0f * scale);
  const float margin = 16.0f * scale;  // between the card and the panel's edge
  const float line_gap = 10.0f * scale;
  const float wrap_width = std::max(1.0f, max.x - min.x - 2 * (padding.x + margin));

  const ImFont& heading = *fonts.heading;
  const ImFont& body = *fonts.body;
  const std::vector<std::string_view> title = wrap_lines(heading, title_text, wrap_width);
  std::vector<std::string_view> detail = wrap_lines(body, detail_text, wrap_width);
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

void draw_empty_timeline(const ThemeFonts& fonts, float scale, const EmptyTimelineText& text) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x <= 0 || avail.y <= 0) return;
  ImDrawList& draw = *ImGui::GetWindowDrawList();

  const ImVec2 end(origin.x + avail.x, origin.y + avail.y);
  const ImVec2 ruler_max(end.x, origin.y + kRulerHeight * scale);
  const ImVec2 lanes_min(origin.x, ruler_max.y + 4.0f * scale);
  // Labels sit right of their tick, so leave room for the last one inside the panel.
  const float label_room = ImGui::CalcTextSize("0.8 s").x + 12.0f * scale;
  const float axis_width = std::max(1.0f, avail.x - label_room);
  const TimeWindow window{.start_ns = 0, .end_ns = kEmptySpanNs, .width_px = axis_width};
  const TimeRuler ruler = make_time_ruler(window, kTickSpacing * scale);
  draw_ruler(draw, ruler, origin, ruler_max, scale);
  draw_lanes(draw, ruler, lanes_min, end, scale);
  draw_centered_message(draw, fonts, lanes_min, end, scale, text);
  ImGui::Dummy(avail);  // claim the area so ImGui knows the panel's content size
}

}  // namespace wakeline::app
