#include "panels/code_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <iterator>

#include <imgui_internal.h>  // the child window's InnerRect: the rows a class can read

#include "panels/syntax_colors.hpp"
#include "panels/widgets.hpp"

namespace wakeline::app {
namespace {

// ---------------------------------------------------------------------------------------------
// Which file is the lesson's
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kLessonFolder = "scenarios/lessons/";
constexpr std::size_t kTabWidth = 4;

// The part of a recorded path from "scenarios/lessons/" on ("" if it is not in that folder), so a
// trace recorded under another checkout's absolute path still finds its lesson; a .lua script's
// whole path. Backslashes count
// as slashes for traces recorded on Windows.
std::string lesson_tail(std::string_view file) {
  std::string path(file);
  std::replace(path.begin(), path.end(), '\\', '/');
  // A script lesson (docs/scripting.md) may live anywhere: its events name the script itself.
  if (path.ends_with(".lua")) return path;
  const std::size_t at = path.rfind(kLessonFolder);
  if (at == std::string::npos || (at > 0 && path[at - 1] != '/')) return {};
  return path.substr(at);
}

// One line of source as drawn: no '\r', tabs expanded to the next multiple of kTabWidth columns.
std::string display_line(std::string_view raw) {
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  std::string line;
  line.reserve(raw.size());
  std::size_t column = 0;
  for (const char c : raw) {
    if (c == '\t') {
      const std::size_t spaces = kTabWidth - column % kTabWidth;
      line.append(spaces, ' ');
      column += spaces;
      continue;
    }
    line.push_back(c);
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;  // UTF-8 continuation bytes share a column
  }
  return line;
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) {
      if (begin < text.size()) lines.push_back(display_line(text.substr(begin)));  // no final newline
      break;
    }
    lines.push_back(display_line(text.substr(begin, end - begin)));
    begin = end + 1;
  }
  return lines;
}

std::string_view trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------

constexpr ImU32 kHighlightBar = (palette::kAccent & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 72);
constexpr ImU32 kSelectedOutline = (palette::kAccent & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 170);
constexpr ImU32 kHoverBackground = IM_COL32(255, 255, 255, 14);

// The widest line in columns (UTF-8 code points), to size the horizontal scroll range.
std::size_t widest_line_columns(const std::vector<std::string>& lines) {
  std::size_t widest = 0;
  for (const std::string& line : lines) {
    std::size_t columns = 0;
    for (const char c : line) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    widest = std::max(widest, columns);
  }
  return widest;
}

// Centres `line` in the panel unless it is already well inside the visible rows: stepping through
// events on neighbouring lines then keeps the text still, which is easier to follow on a projector.
// The scroll is a whole number of rows, so the top row is whole.
void scroll_line_into_view(std::uint32_t line, float first_row_y, float row_height, float rows_shown) {
  const float top = first_row_y + static_cast<float>(line - 1) * row_height;  // window-local, unscrolled
  const float view_top = ImGui::GetScrollY();
  const float view_height = ImGui::GetWindowHeight();
  const float margin = 2.0f * row_height;
  if (top >= view_top + margin && top + row_height <= view_top + view_height - margin) return;
  const float rows_above = std::floor((rows_shown - 1.0f) * 0.5f);
  ImGui::SetScrollY(std::max(0.0f, static_cast<float>(line - 1) - rows_above) * row_height);
}

// A wheel step or a scrollbar drag leaves the scroll between rows; once the mouse is let go it
// rests on the nearest whole row (except at the very end, where the last row is whole already).
void snap_scroll_to_rows(CodeView& view, float row_height) {
  const float scroll = ImGui::GetScrollY();
  if (ImGui::IsMouseDown(ImGuiMouseButton_Left) || scroll >= ImGui::GetScrollMaxY() - 0.5f) return;
  const float snapped = std::round(scroll / row_height) * row_height;
  if (std::abs(snapped - scroll) < 0.5f) return;
  ImGui::SetScrollY(snapped);
  view.snapped_scroll = snapped;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The lesson's source
// ---------------------------------------------------------------------------------------------

LessonSource build_lesson_source(const Trace& trace) {
  LessonSource source;
  source.lines = split_lines(trace.run.source_text);
  source.line_of_location.assign(trace.locations.size(), 0);

  // The lesson file is the one under scenarios/lessons/ that most locations point to (a lesson may
  // include a helper from the same folder); ties go to the file seen first.
  std::vector<std::string> tails(trace.locations.size());
  std::vector<std::pair<std::string_view, std::size_t>> counts;
  for (std::size_t id = 1; id < trace.locations.size(); ++id) {
    tails[id] = lesson_tail(trace.locations[id].file);
    if (tails[id].empty()) continue;
    const auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == tails[id]; });
    if (it != counts.end()) ++it->second;
    else counts.emplace_back(tails[id], 1);
  }
  const auto best = std::max_element(counts.begin(), counts.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  if (best == counts.end()) return source;
  const std::string lesson = std::string(best->first);

  for (std::size_t id = 1; id < trace.locations.size(); ++id) {
    if (tails[id] != lesson) continue;
    if (source.file.empty()) source.file = trace.locations[id].file;
    const std::uint32_t line = trace.locations[id].line;
    if (line >= 1 && line <= source.lines.size()) source.line_of_location[id] = line;
  }
  source.language = language_of_file(source.file);
  source.carries = line_carries(source.lines, source.language);
  return source;
}

std::uint32_t lesson_line(const LessonSource& source, const Event& event) {
  return event.location < source.line_of_location.size() ? source.line_of_location[event.location] : 0;
}

// ---------------------------------------------------------------------------------------------
// The panel
// ---------------------------------------------------------------------------------------------

std::optional<std::uint32_t> draw_code_panel(const LessonSource& source, CodeView& view, const ThemeFonts& fonts,
                                             float ui_scale) {
  if (source.lines.empty()) {
    muted_text_wrapped("This trace carries no source text.");
    return std::nullopt;
  }

  std::optional<std::uint32_t> clicked;
  // A child of its own, so long lines scroll sideways while the line numbers stay put.
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 4.0f * ui_scale));
  const bool open = ImGui::BeginChild("##code", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::PopStyleVar();
  if (open) {
    ImGui::PushFont(fonts.mono);
    ImFont* font = ImGui::GetFont();
    const float font_size = ImGui::GetFontSize();
    const float row_height = std::floor(font_size * 1.3f);
    const float text_offset_y = std::floor((row_height - font_size) * 0.5f);
    const float char_width = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, "0").x;
    const std::uint32_t line_count = static_cast<std::uint32_t>(source.lines.size());

    char number[16];
    const int digits = std::snprintf(number, sizeof number, "%u", line_count);
    const float pad = std::floor(10.0f * ui_scale);
    const float gutter_width = static_cast<float>(digits) * char_width + 2.0f * pad;
    const float row_width = std::max(ImGui::GetContentRegionAvail().x,
                                     gutter_width + static_cast<float>(widest_line_columns(source.lines) + 2) * char_width);

    const float first_row_y = ImGui::GetCursorPosY();
    const float view_height = ImGui::GetWindowHeight();
    // What is readable: the child's inside, less a horizontal scrollbar.
    const ImRect inner = ImGui::GetCurrentWindow()->InnerRect;
    const float rows_shown = std::floor((inner.GetHeight() - first_row_y) / row_height);
    if (view.highlighted != view.scrolled_to || row_height != view.scrolled_row_height ||
        view_height != view.scrolled_view_height) {
      if (view.highlighted >= 1 && view.highlighted <= line_count)
        scroll_line_into_view(view.highlighted, first_row_y, row_height, rows_shown);
      view.scrolled_to = view.highlighted;
      view.scrolled_row_height = row_height;
      view.scrolled_view_height = view_height;
    } else {
      snap_scroll_to_rows(view, row_height);
    }

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float window_left = ImGui::GetWindowPos().x;
    const float text_left = ImGui::GetCursorScreenPos().x + gutter_width;  // moves with the horizontal scroll
    const ImVec2 clip_min = ImGui::GetWindowPos();
    const ImVec2 clip_max(clip_min.x + ImGui::GetWindowWidth(), clip_min.y + ImGui::GetWindowHeight());

    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));  // rows exactly row_height apart
    view.drawn.clear();
    view.drawn_left = window_left + gutter_width;
    view.first_whole = view.last_whole = 0;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(line_count), row_height);
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const std::uint32_t line = static_cast<std::uint32_t>(row) + 1;
        const ImVec2 row_min = ImGui::GetCursorScreenPos();
        ImGui::PushID(row);
        ImGui::InvisibleButton("##line", ImVec2(row_width, row_height));
        ImGui::PopID();
        const bool hovered = ImGui::IsItemHovered();
        // A row the panel cannot show whole (its top or bottom edge) stays blank: half a line of
        // code on a projector reads as a different line.
        if (row_min.y < inner.Min.y - 0.5f || row_min.y + row_height > inner.Max.y + 0.5f) continue;
        view.drawn.push_back({line, row_min.y, row_height});
        if (view.first_whole == 0) view.first_whole = line;
        view.last_whole = line;
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
          view.selected = line;
          clicked = line;
        }

        // Backgrounds span the visible width whatever the horizontal scroll.
        const ImVec2 band_min(window_left, row_min.y);
        const ImVec2 band_max(clip_max.x, row_min.y + row_height);
        if (line == view.highlighted) {
          draw->AddRectFilled(band_min, band_max, kHighlightBar);
          draw->AddRectFilled(band_min, ImVec2(band_min.x + std::floor(3.0f * ui_scale), band_max.y), palette::kAccent);
        } else if (hovered) {
          draw->AddRectFilled(band_min, band_max, kHoverBackground);
        }
        if (line == view.selected) {
          const float inset = std::floor(1.0f * ui_scale);
          draw->AddRect(ImVec2(band_min.x + inset, band_min.y + inset), ImVec2(band_max.x - inset, band_max.y - inset),
                        kSelectedOutline, 3.0f * ui_scale, 0, std::max(1.0f, std::floor(1.5f * ui_scale)));
        }

        // The source, clipped to the right of the gutter.
        const float y = row_min.y + text_offset_y;
        draw->PushClipRect(ImVec2(window_left + gutter_width, clip_min.y), clip_max, true);
        const SyntaxCarry carry = static_cast<std::size_t>(row) < source.carries.size() ? source.carries[row] : SyntaxCarry{};
        const float x = draw_colored_line(draw, font, font_size, ImVec2(text_left, y), source.lines[row], source.language, carry);
        draw->PopClipRect();
        // A line cut at the panel's edge (a narrow window, a large scale): the tooltip has all of it.
        if (hovered && x > clip_max.x) {
          ImGui::BeginTooltip();
          ImGui::PushTextWrapPos(font_size * 48.0f);
          ImGui::TextUnformatted(source.lines[row].c_str());
          ImGui::PopTextWrapPos();
          ImGui::EndTooltip();
        }

        // The line number, right-aligned in a gutter that ignores the horizontal scroll.
        const int length = std::snprintf(number, sizeof number, "%u", line);
        const float number_width = static_cast<float>(length) * char_width;
        const bool marked = line == view.highlighted || line == view.selected;
        draw->AddText(font, font_size, ImVec2(window_left + gutter_width - pad - number_width, y),
                      marked ? palette::kText : palette::kTextMuted, number, number + length);
      }
    }
    ImGui::PopStyleVar();
    ImGui::PopFont();
  }
  ImGui::EndChild();
  return clicked;
}

namespace {

nlohmann::ordered_json drawn_lines_json(const CodeView& view) {
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const CodeView::DrawnLine& drawn : view.drawn) {
    lines.push_back({{"line", drawn.line}, {"x", view.drawn_left}, {"y", drawn.y}, {"height", drawn.height}});
  }
  return lines;
}

}  // namespace

nlohmann::ordered_json code_json(const LessonSource& source, const CodeView& view) {
  const bool shown = view.highlighted >= 1 && view.highlighted <= source.lines.size();
  return {{"file", source.file},
          {"lines", source.lines.size()},
          {"highlighted", view.highlighted},
          {"highlighted_text", shown ? std::string(trimmed(source.lines[view.highlighted - 1])) : std::string()},
          {"selected", view.selected},
          {"drawn", drawn_lines_json(view)},
          {"visible", view.first_whole == 0 ? nlohmann::ordered_json(nullptr)
                                            : nlohmann::ordered_json{{"first", view.first_whole}, {"last", view.last_whole}}}};
}

}  // namespace wakeline::app
