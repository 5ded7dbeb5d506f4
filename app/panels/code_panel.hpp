// The Code panel: the lesson's source (carried in the trace, so an opened file shows it too) with
// the line of the current event's source location highlighted and kept in view. A click on a line
// asks for the events recorded at that line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "panels/syntax_colors.hpp"
#include "panels/theme.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// The lesson's source split into lines, and which of the trace's locations are in it. Built once per
// trace (the app keeps it beside the playhead).
struct LessonSource {
  std::vector<std::string> lines;  // lines[0] is line 1; no '\r', tabs expanded (4 columns)
  std::string file;                // the lesson file's path as recorded in the locations ("" if none is)
  // By LocationId: its line in the lesson's file; 0 if elsewhere, or past the end of `lines` (so
  // always 0 for a trace without source text).
  std::vector<std::uint32_t> line_of_location;
  SourceLanguage language = SourceLanguage::Cpp;  // the file's: a script lesson's lines are Lua
  std::vector<SyntaxCarry> carries;               // by line: what the lines above left open
};

// The lesson file is the one under a `scenarios/lessons/` folder that most of the trace's locations
// point to. It is matched from that folder on, not by its absolute path, so a trace recorded in
// another checkout or on another machine finds its lines too.
LessonSource build_lesson_source(const Trace& trace);

// The lesson line an event came from: 0 when its location is not in the lesson's file.
std::uint32_t lesson_line(const LessonSource& source, const Event& event);

// What the panel keeps between frames.
struct CodeView {
  std::uint32_t highlighted = 0;         // the current event's line (0: none)
  std::uint32_t selected = 0;            // the line last clicked (0: none)
  std::uint32_t scrolled_to = 0;         // the highlighted line last brought into view (or found there)
  // The row height and panel height it was brought into view at: a new UI scale (presentation mode)
  // or a panel resized by the layout moves the rows, so it is brought into view again.
  float scrolled_row_height = 0, scrolled_view_height = 0;
  // The scroll last asked for to rest on a whole line (a wheel step is not a whole number of rows); a
  // new ask is a layout change, so the app draws the frame that applies it.
  float snapped_scroll = 0;
  // Written each frame: where the drawn lines are on screen, so --dump-ui can say where to click.
  struct DrawnLine {
    std::uint32_t line = 0;
    float y = 0, height = 0;
  };
  std::vector<DrawnLine> drawn = {};
  float drawn_left = 0;  // screen x where the lines' text begins
  std::uint32_t first_whole = 0, last_whole = 0;  // the lines drawn whole, above any scrollbar (0: none)
};

// Fills the current window's content area (a child window, so long lines scroll sideways under a
// fixed gutter of line numbers). When view.highlighted changes it is centred, unless it is already
// well inside the visible lines. The scroll rests on whole lines and a line the panel cannot show
// whole is not drawn, so no half line is ever on screen. A click on a line sets view.selected and is returned (only on the
// frame of the click).
std::optional<std::uint32_t> draw_code_panel(const LessonSource& source, CodeView& view, const ThemeFonts& fonts,
                                             float ui_scale);

// {"file", "lines" (count), "highlighted", "highlighted_text" (trimmed; "" if out of range), "selected",
// "drawn" (each line drawn, always whole, and where), "visible": {"first", "last"} (the lines drawn
// whole, what a class can read; null when none is)}.
nlohmann::ordered_json code_json(const LessonSource& source, const CodeView& view);

}  // namespace wakeline::app
