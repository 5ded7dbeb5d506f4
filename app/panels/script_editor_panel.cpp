#include "panels/script_editor_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "app_dump.hpp"
#include "panels/syntax_colors.hpp"
#include "platform/key_codes.hpp"

namespace wakeline::app {
namespace {

constexpr ImU32 kMarkBand = IM_COL32(220, 70, 70, 60);
constexpr ImU32 kMarkGutter = IM_COL32(200, 60, 60, 255);
constexpr ImU32 kMarkText = IM_COL32(255, 140, 130, 255);
constexpr ImU32 kErrorText = IM_COL32(255, 150, 140, 255);

std::vector<std::string_view> split_view(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(begin));
      return lines;
    }
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
}

// The byte offset of (line, column) in `text`, both 0-based, clamped to the line.
std::size_t offset_of(std::string_view text, std::size_t line, std::size_t column) {
  std::size_t at = 0;
  for (std::size_t l = 0; l < line; ++l) {
    const std::size_t next = text.find('\n', at);
    if (next == std::string_view::npos) return text.size();
    at = next + 1;
  }
  const std::size_t end = std::min(text.find('\n', at), text.size());
  std::size_t i = at;
  for (std::size_t c = 0; c < column && i < end; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++c;  // columns are code points
  while (i < end && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  return i;
}

// ImGui writes into the std::string itself (growing it when asked), places the cursor where the
// click in the coloured view was, and reports the cursor's line so the panel keeps it in view.
int text_callback(ImGuiInputTextCallbackData* data) {
  auto& editor = *static_cast<ScriptEditor*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    editor.text.resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = editor.text.data();
    return 0;
  }
  if (editor.pending_cursor >= 0) {
    data->CursorPos = data->SelectionStart = data->SelectionEnd =
        static_cast<int>(std::min<std::int64_t>(editor.pending_cursor, data->BufTextLen));
    editor.pending_cursor = -1;
  }
  const std::string_view before(data->Buf, static_cast<std::size_t>(std::clamp(data->CursorPos, 0, data->BufTextLen)));
  editor.cursor_line = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  return 0;
}

const GutterMark* mark_at(const ScriptEditor& editor, std::uint32_t line) {
  for (const GutterMark& mark : editor.marks)
    if (mark.line == line) return &mark;
  return nullptr;
}

bool toolbar_button(const char* label, const char* name, ScreenMap& screen, bool enabled = true) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  note_last_item(screen, std::string("editor:") + name);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    if (std::string_view(name) == "Run") ImGui::SetTooltip("Run the text as it is now (Ctrl+Enter or F5)");
    if (std::string_view(name) == "Save") ImGui::SetTooltip("Save into your lessons folder (Ctrl+S)");
    if (std::string_view(name) == "Copy") ImGui::SetTooltip("Edit a copy of the lesson chosen on the left");
  }
  ImGui::SameLine();
  return pressed;
}

void draw_toolbar(ScriptEditor& editor, ScreenMap& screen) {
  using Request = ScriptEditor::Request;
  if (toolbar_button("New", "New", screen)) editor.requested = Request::New;
  if (toolbar_button("Edit a copy", "Copy", screen)) editor.requested = Request::Copy;
  if (toolbar_button("Save", "Save", screen)) editor.requested = Request::Save;
  if (toolbar_button("Save as...", "Save as", screen)) editor.requested = Request::SaveAs;
  if (toolbar_button("Run", "Run", screen)) editor.requested = Request::Run;
  if (toolbar_button("Close", "Close", screen)) editor.requested = Request::Close;
  ImGui::NewLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, editor.notice_is_error ? kErrorText : palette::kTextMuted);
  ImGui::TextUnformatted(editor.notice.empty() ? (editor.path.empty() ? "Not saved yet" : editor.path.c_str())
                                               : editor.notice.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
}

void draw_save_as_popup(ScriptEditor& editor, float ui_scale, ScreenMap& screen) {
  constexpr const char* kTitle = "Save the script as";
  if (editor.save_as_open) {
    ImGui::OpenPopup(kTitle);
    editor.save_as_open = false;
  }
  ImGui::SetNextWindowSize(ImVec2(520.0f * ui_scale, 0));
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::TextWrapped("A name goes into your lessons folder (%s); a path starting with / goes there.",
                     user_lessons_folder().c_str());
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  char name[512];
  std::snprintf(name, sizeof name, "%s", editor.save_as_name.c_str());
  ImGui::SetNextItemWidth(-1);
  const bool entered = ImGui::InputText("##name", name, sizeof name, ImGuiInputTextFlags_EnterReturnsTrue);
  editor.save_as_name = name;
  note_last_item(screen, "editor:save_as_name");
  const bool save = ImGui::Button("Save", ImVec2(120.0f * ui_scale, 0)) || entered;
  ImGui::SameLine();
  const bool cancel = ImGui::Button("Cancel", ImVec2(120.0f * ui_scale, 0)) ||
                      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  if (save) editor.requested = ScriptEditor::Request::SaveAsConfirmed;
  if (save || cancel) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void draw_script_editor_panel(ScriptEditor& editor, const ThemeFonts& fonts, float ui_scale, ScreenMap& screen) {
  using Request = ScriptEditor::Request;
  const ImGuiIO& io = ImGui::GetIO();
  editor.focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
  if (editor.focused) {
    if ((io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) || ImGui::IsKeyPressed(keys::kF5, false))
      editor.requested = Request::Run;
    if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kS, false)) editor.requested = Request::Save;
  }
  // Escape leaves the text field keeping what was typed (ImGui's own Escape would undo it all).
  if (editor.editing && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) editor.editing = false;

  draw_toolbar(editor, screen);
  draw_save_as_popup(editor, ui_scale, screen);
  ImGui::Spacing();

  const bool open = ImGui::BeginChild("##script", ImVec2(0, 0), true, ImGuiWindowFlags_None);
  if (!open) {
    ImGui::EndChild();
    return;
  }
  ImGui::PushFont(fonts.mono);
  ImFont* font = ImGui::GetFont();
  const float font_size = ImGui::GetFontSize();
  const float char_width = font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, "0").x;
  const ImGuiStyle& style = ImGui::GetStyle();
  const std::vector<std::string_view> lines = split_view(editor.text);
  const auto line_count = static_cast<std::uint32_t>(lines.size());
  char number[16];
  const int digits = std::max(3, std::snprintf(number, sizeof number, "%u", line_count));
  const float pad = std::floor(8.0f * ui_scale);
  const float gutter_width = static_cast<float>(digits) * char_width + 2.0f * pad;

  // The text field (or the coloured view in its place) is as tall as the text, so this child
  // scrolls both it and the line numbers: they cannot drift apart.
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float field_width = std::max(ImGui::GetContentRegionAvail().x - gutter_width, 8.0f * char_width);
  const float field_height = static_cast<float>(line_count + 1) * font_size + 2.0f * style.FramePadding.y;
  const ImVec2 field_min(origin.x + gutter_width, origin.y);
  const float text_x = field_min.x + style.FramePadding.x;
  const float first_row_y = field_min.y + style.FramePadding.y;
  editor.geometry = {text_x, first_row_y, font_size, char_width, ImGui::GetWindowPos().y,
                     ImGui::GetWindowPos().y + ImGui::GetWindowHeight()};

  if (editor.hold_scroll_frames > 0) {
    --editor.hold_scroll_frames;
    ImGui::SetScrollY(editor.held_scroll);
  }
  ImGui::SetCursorScreenPos(field_min);
  if (editor.editing) {
    if (editor.focus_requested) ImGui::SetKeyboardFocusHere();
    // See-through, so the marks' bands drawn under the text show.
    ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_FrameBgActive, IM_COL32(0, 0, 0, 0));
    if (ImGui::InputTextMultiline("##text", editor.text.data(), editor.text.capacity() + 1, ImVec2(field_width, field_height),
                                  ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize |
                                      ImGuiInputTextFlags_CallbackAlways,
                                  text_callback, &editor)) {
      editor.dirty = true;
    }
    ImGui::PopStyleColor(3);
    note_last_item(screen, "editor:text");
    const bool active = ImGui::IsItemActive();
    if (active) editor.focus_requested = false;
    else if (!editor.focus_requested) editor.editing = false;  // clicked elsewhere: back to the coloured view
    // Keep the cursor's row in view as it moves (typing at the bottom, arrows), not while the wheel scrolls.
    if (active && editor.hold_scroll_frames == 0 && editor.cursor_line != editor.followed_line && editor.cursor_line > 0) {
      editor.followed_line = editor.cursor_line;
      const float row = style.FramePadding.y + static_cast<float>(editor.cursor_line - 1) * font_size;
      const float top = ImGui::GetScrollY(), height = ImGui::GetWindowHeight();
      if (row < top) ImGui::SetScrollY(row);
      else if (row + 2.0f * font_size > top + height) ImGui::SetScrollY(row + 2.0f * font_size - height);
    }
  } else {
    ImGui::InvisibleButton("##view", ImVec2(field_width, field_height));
    note_last_item(screen, "editor:text");
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
      const ImVec2 mouse = io.MousePos;
      const auto row = static_cast<std::size_t>(std::max(0.0f, std::floor((mouse.y - first_row_y) / font_size)));
      const auto column = static_cast<std::size_t>(std::max(0.0f, std::round((mouse.x - text_x) / char_width)));
      editor.pending_cursor = static_cast<std::int64_t>(offset_of(editor.text, std::min<std::size_t>(row, line_count - 1), column));
      editor.editing = editor.focus_requested = true;
      editor.followed_line = 0;
      editor.held_scroll = ImGui::GetScrollY();
      editor.hold_scroll_frames = 4;
    }
  }

  // What the rows show beside or under the text: the gutter's numbers and marks, and (not editing)
  // the coloured text itself. Only the visible rows.
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 clip_min = ImGui::GetWindowPos();
  const ImVec2 clip_max(clip_min.x + ImGui::GetWindowWidth(), clip_min.y + ImGui::GetWindowHeight());
  const auto first = static_cast<std::uint32_t>(std::max(0.0f, std::floor((clip_min.y - first_row_y) / font_size)));
  const auto last = std::min(line_count, static_cast<std::uint32_t>(std::max(0.0f, std::ceil((clip_max.y - first_row_y) / font_size))) + 1);
  SyntaxCarry carry;
  if (!editor.editing) {
    for (std::uint32_t row = 0; row < first && row < line_count; ++row) carry = color_line(lines[row], SourceLanguage::Lua, carry).carry;
  }
  for (std::uint32_t row = first; row < last; ++row) {
    const std::uint32_t line = row + 1;
    const float y = first_row_y + static_cast<float>(row) * font_size;
    const GutterMark* mark = mark_at(editor, line);
    if (mark != nullptr) {
      draw->AddRectFilled(ImVec2(clip_min.x, y), ImVec2(clip_max.x, y + font_size), kMarkBand);
      draw->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + std::floor(4.0f * ui_scale), y + font_size), kMarkGutter);
    }
    if (!editor.editing) {
      const float end_x = draw_colored_line(draw, font, font_size, ImVec2(text_x, y), lines[row], SourceLanguage::Lua, carry);
      carry = color_line(lines[row], SourceLanguage::Lua, carry).carry;
      if (mark != nullptr) {
        const std::string inline_text = "  <- " + mark->message;
        draw->AddText(font, font_size, ImVec2(end_x, y), kMarkText, inline_text.c_str());
      }
    }
    const int length = std::snprintf(number, sizeof number, "%u", line);
    draw->AddText(font, font_size, ImVec2(origin.x + gutter_width - pad - static_cast<float>(length) * char_width, y),
                  mark != nullptr ? palette::kText : palette::kTextMuted, number, number + length);
    const bool gutter_hovered = ImGui::IsWindowHovered() && io.MousePos.x >= origin.x && io.MousePos.x < origin.x + gutter_width &&
                                io.MousePos.y >= y && io.MousePos.y < y + font_size;
    if (mark != nullptr && (gutter_hovered || (editor.editing && editor.cursor_line == line)))
      ImGui::SetTooltip("line %u: %s", line, mark->message.c_str());
  }
  ImGui::PopFont();
  ImGui::EndChild();
}

}  // namespace wakeline::app
