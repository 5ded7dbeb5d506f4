// Syntax colours for source shown in the app: the C++ lessons and the Lua script lessons. One
// small tokenizer per language, enough for lessons on a projector; the Code panel and the script
// editor both colour their lines through here, so a line looks the same in either.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace wakeline::app {

enum class SourceLanguage : std::uint8_t { Cpp, Lua };

// Lua for a ".lua" path, C++ for anything else.
SourceLanguage language_of_file(std::string_view path);

// What a line leaves open for the next one: a Lua long string or comment ([[ ... ]], --[==[ ... ]==])
// spans lines, as every script lesson's explanation does. C++ lines carry nothing (the lessons use
// no block comments or raw strings).
struct SyntaxCarry {
  bool open = false;
  bool comment = false;  // the open bracket is a comment's, else a string's
  std::uint32_t level = 0;  // the number of '=' between its brackets
  friend bool operator==(const SyntaxCarry&, const SyntaxCarry&) = default;
};

struct ColoredRun {
  std::string_view text;  // a piece of the line
  ImU32 color = 0;
};
struct LineColors {
  std::vector<ColoredRun> runs;  // left to right, covering the line whole
  SyntaxCarry carry;             // for the next line
};

LineColors color_line(std::string_view line, SourceLanguage language, SyntaxCarry carry = {});

// The carry at the start of each line (carries[0] is line 1's: nothing open).
std::vector<SyntaxCarry> line_carries(const std::vector<std::string>& lines, SourceLanguage language);

// Draws `line` coloured, from `at` (its top left); returns the x where it ended.
float draw_colored_line(ImDrawList* draw, ImFont* font, float font_size, ImVec2 at, std::string_view line,
                        SourceLanguage language, SyntaxCarry carry);

namespace syntax {
// What the lesson is about: co_await, co_return, co_yield in C++; await and async in Lua.
inline constexpr ImU32 kCoroutine = IM_COL32(255, 176, 102, 255);
inline constexpr ImU32 kKeyword = IM_COL32(198, 160, 246, 255);
inline constexpr ImU32 kString = IM_COL32(152, 215, 140, 255);
inline constexpr ImU32 kNumber = IM_COL32(240, 200, 120, 255);
inline constexpr ImU32 kPreprocessor = IM_COL32(120, 190, 214, 255);
}  // namespace syntax

}  // namespace wakeline::app
