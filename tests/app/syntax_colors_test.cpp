// Syntax colours shared by the Code panel and the script editor: a Lua line colours like its C++
// twin would (keywords, strings, numbers, comments, and the awaits the lesson is about).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "panels/syntax_colors.hpp"
#include "panels/theme.hpp"

using namespace wakeline::app;

namespace {

ImU32 color_of(const LineColors& colors, std::string_view piece) {
  for (const ColoredRun& run : colors.runs)
    if (run.text == piece) return run.color;
  return 0;
}

std::string joined(const LineColors& colors) {
  std::string text;
  for (const ColoredRun& run : colors.runs) text += run.text;
  return text;
}

}  // namespace

TEST_CASE("a Lua line's await, keywords, string, number and comment take the Code panel's colours", "[syntax]") {
  const std::string line = R"(  local body = await(fake_fetch("a" .. n, 10)) -- the timer wakes us)";
  const LineColors colors = color_line(line, SourceLanguage::Lua);
  CHECK(joined(colors) == line);
  CHECK(color_of(colors, "await") == syntax::kCoroutine);
  CHECK(color_of(colors, "local") == syntax::kKeyword);
  CHECK(color_of(colors, "\"a\"") == syntax::kString);
  CHECK(color_of(colors, "10") == syntax::kNumber);
  CHECK(color_of(colors, "-- the timer wakes us") == palette::kTextMuted);
  CHECK_FALSE(colors.carry.open);
}

TEST_CASE("a lesson's [[explanation]] stays a string over its lines, not keywords", "[syntax]") {
  const std::vector<std::string> lines = {"  explanation = [[", "in and not or", "until here]],", "local x = 1"};
  const std::vector<SyntaxCarry> carries = line_carries(lines, SourceLanguage::Lua);
  REQUIRE(carries.size() == 4);
  CHECK_FALSE(carries[0].open);
  CHECK(carries[1].open);
  CHECK(carries[2].open);
  CHECK_FALSE(carries[3].open);
  const LineColors middle = color_line(lines[1], SourceLanguage::Lua, carries[1]);
  REQUIRE(middle.runs.size() == 1);
  CHECK(middle.runs[0].color == syntax::kString);
  CHECK(color_of(color_line(lines[2], SourceLanguage::Lua, carries[2]), "until here]]") == syntax::kString);
  CHECK(color_of(color_line(lines[3], SourceLanguage::Lua, carries[3]), "local") == syntax::kKeyword);
}

TEST_CASE("a C++ lesson line colours as it always did", "[syntax]") {
  const std::string line = "  co_await sleep(1000ms);  // the timer wakes us";
  const LineColors colors = color_line(line, SourceLanguage::Cpp);
  CHECK(joined(colors) == line);
  CHECK(color_of(colors, "co_await") == syntax::kCoroutine);
  CHECK(color_of(colors, "1000ms") == syntax::kNumber);
  CHECK(color_of(colors, "// the timer wakes us") == palette::kTextMuted);
  CHECK(language_of_file("/x/assets/lessons/race.lua") == SourceLanguage::Lua);
  CHECK(language_of_file("scenarios/lessons/race.cpp") == SourceLanguage::Cpp);
}
