#include "panels/syntax_colors.hpp"

#include <algorithm>
#include <cfloat>
#include <iterator>

#include "panels/theme.hpp"

namespace wakeline::app {
namespace {

constexpr ImU32 kComment = palette::kTextMuted;
constexpr ImU32 kPlain = palette::kText;

constexpr std::string_view kCppCoroutine[] = {"co_await", "co_return", "co_yield"};
constexpr std::string_view kCppKeywords[] = {
    "alignas",   "alignof",    "auto",       "bool",      "break",        "case",      "catch",
    "char",      "class",      "concept",    "const",     "const_cast",   "consteval", "constexpr",
    "constinit", "continue",   "decltype",   "default",   "delete",       "do",        "double",
    "dynamic_cast", "else",    "enum",       "explicit",  "export",       "extern",    "false",
    "float",     "for",        "friend",     "goto",      "if",           "inline",    "int",
    "long",      "mutable",    "namespace",  "new",       "noexcept",     "nullptr",   "operator",
    "private",   "protected",  "public",     "reinterpret_cast", "requires", "return", "short",
    "signed",    "sizeof",     "static",     "static_assert", "static_cast", "struct", "switch",
    "template",  "this",       "throw",      "true",      "try",          "typename",  "union",
    "unsigned",  "using",      "virtual",    "void",      "while",
};
// In a script the awaits are calls, but they are what the lesson is about all the same.
constexpr std::string_view kLuaCoroutine[] = {"await", "async"};
constexpr std::string_view kLuaKeywords[] = {
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
    "in",  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
};

template <std::size_t N>
bool one_of(const std::string_view (&words)[N], std::string_view word) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

bool is_identifier_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_char(char c) { return is_identifier_start(c) || is_digit(c); }

ImU32 identifier_color(std::string_view word, SourceLanguage language) {
  if (language == SourceLanguage::Lua) {
    if (one_of(kLuaCoroutine, word)) return syntax::kCoroutine;
    return one_of(kLuaKeywords, word) ? syntax::kKeyword : kPlain;
  }
  if (one_of(kCppCoroutine, word)) return syntax::kCoroutine;
  return one_of(kCppKeywords, word) ? syntax::kKeyword : kPlain;
}

// The end of a quoted literal starting at `begin` (a '"' or '\''), past its closing quote, or the
// end of the line if it is not closed there.
std::size_t quoted_end(std::string_view line, std::size_t begin) {
  const char quote = line[begin];
  std::size_t i = begin + 1;
  while (i < line.size()) {
    if (line[i] == '\\') i += 2;
    else if (line[i++] == quote) return i;
  }
  return line.size();
}

// A Lua long bracket's opening at `at` ("[[", "[=[", ...): its level, or -1 if there is none.
int long_bracket_level(std::string_view line, std::size_t at) {
  if (at >= line.size() || line[at] != '[') return -1;
  std::size_t i = at + 1;
  while (i < line.size() && line[i] == '=') ++i;
  return i < line.size() && line[i] == '[' ? static_cast<int>(i - at - 1) : -1;
}

// Where the long bracket of `level` closes in `line` from `from` on (past its "]=*]"), or npos.
std::size_t long_bracket_close(std::string_view line, std::size_t from, std::uint32_t level) {
  std::string closing(level + 2, '=');  // "]==]"; built in place: GCC 12 warns (wrongly) on "]" + ... + "]"
  closing.front() = closing.back() = ']';
  const std::size_t at = line.find(closing, from);
  return at == std::string_view::npos ? at : at + closing.size();
}

struct Tokenizer {
  std::string_view line;
  SourceLanguage language;
  LineColors out;
  std::size_t plain = 0;  // start of the pending plain run

  void flush(std::size_t until) {
    if (until > plain) out.runs.push_back({line.substr(plain, until - plain), kPlain});
  }
  void emit(std::size_t begin, std::size_t end, ImU32 color) {
    flush(begin);
    out.runs.push_back({line.substr(begin, end - begin), color});
    plain = end;
  }

  // From `begin`, a long string or comment of `level`: to its close, or on to the next line.
  std::size_t long_bracket(std::size_t begin, std::size_t body, std::uint32_t level, bool comment) {
    const std::size_t end = long_bracket_close(line, body, level);
    if (end == std::string_view::npos) {
      emit(begin, line.size(), comment ? kComment : syntax::kString);
      out.carry = {true, comment, level};
      return line.size();
    }
    emit(begin, end, comment ? kComment : syntax::kString);
    return end;
  }

  void run(SyntaxCarry carry) {
    std::size_t i = 0;
    if (carry.open) i = long_bracket(0, 0, carry.level, carry.comment);
    if (language == SourceLanguage::Cpp) {
      const std::size_t first = line.find_first_not_of(' ');
      if (first != std::string_view::npos && line[first] == '#') {  // #include, #pragma: the directive only
        std::size_t end = first + 1;
        while (end < line.size() && is_identifier_char(line[end])) ++end;
        emit(0, end, syntax::kPreprocessor);
        i = end;
      }
    }
    while (i < line.size()) {
      const char c = line[i];
      const bool cpp = language == SourceLanguage::Cpp;
      std::size_t end = i;
      ImU32 color = kPlain;
      if (cpp && c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
        end = line.size();
        color = kComment;
      } else if (!cpp && c == '-' && i + 1 < line.size() && line[i + 1] == '-') {
        if (const int level = long_bracket_level(line, i + 2); level >= 0) {
          i = long_bracket(i, i + 4 + static_cast<std::size_t>(level), static_cast<std::uint32_t>(level), true);
          continue;
        }
        end = line.size();
        color = kComment;
      } else if (!cpp && c == '[' && long_bracket_level(line, i) >= 0) {
        const int level = long_bracket_level(line, i);
        i = long_bracket(i, i + 2 + static_cast<std::size_t>(level), static_cast<std::uint32_t>(level), false);
        continue;
      } else if (c == '"' || (c == '\'' && !(cpp && i > 0 && is_identifier_char(line[i - 1])))) {
        end = quoted_end(line, i);
        color = syntax::kString;
      } else if (is_digit(c) && !(i > 0 && is_identifier_char(line[i - 1]))) {
        end = i + 1;  // 1000, 0.5, 1'000, 0x1F, 1000ms: digits, letters, '.', and digit separators
        while (end < line.size() && (is_identifier_char(line[end]) || line[end] == '.' || (cpp && line[end] == '\''))) {
          if (line[end] == '.' && end + 1 < line.size() && line[end + 1] == '.') break;  // Lua's `..`
          ++end;
        }
        color = syntax::kNumber;
      } else if (is_identifier_start(c)) {
        end = i + 1;
        while (end < line.size() && is_identifier_char(line[end])) ++end;
        color = identifier_color(line.substr(i, end - i), language);
      } else {
        ++i;
        continue;
      }
      if (color != kPlain) emit(i, end, color);  // a plain identifier joins the surrounding plain run
      i = end;
    }
    flush(line.size());
  }
};

}  // namespace

SourceLanguage language_of_file(std::string_view path) {
  return path.ends_with(".lua") ? SourceLanguage::Lua : SourceLanguage::Cpp;
}

LineColors color_line(std::string_view line, SourceLanguage language, SyntaxCarry carry) {
  Tokenizer tokenizer{line, language, {}, 0};
  tokenizer.run(carry);
  return std::move(tokenizer.out);
}

std::vector<SyntaxCarry> line_carries(const std::vector<std::string>& lines, SourceLanguage language) {
  std::vector<SyntaxCarry> carries;
  carries.reserve(lines.size());
  SyntaxCarry carry;
  for (const std::string& line : lines) {
    carries.push_back(carry);
    if (language == SourceLanguage::Lua) carry = color_line(line, language, carry).carry;
  }
  return carries;
}

float draw_colored_line(ImDrawList* draw, ImFont* font, float font_size, ImVec2 at, std::string_view line,
                        SourceLanguage language, SyntaxCarry carry) {
  float x = at.x;
  for (const ColoredRun& run : color_line(line, language, carry).runs) {
    const char* begin = run.text.data();
    const char* end = begin + run.text.size();
    draw->AddText(font, font_size, ImVec2(x, at.y), run.color, begin, end);
    x += font->CalcTextSizeA(font_size, FLT_MAX, 0.0f, begin, end).x;
  }
  return x;
}

}  // namespace wakeline::app
