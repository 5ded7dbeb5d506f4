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

#include "theme.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// The lesson's source split into lines, and which of the trace's locations are in it. Built once per
// trace (the app keeps it beside the playhead).
struct LessonSource {
  std::vector<std::string> lines;  // lines[0] is line 1
  std::string file;                // the lesson file's path as recorded in the locations ("" if none is)
  std::vector<std::uint32_t> line_of_location;  // by LocationId: its line in the lesson's file, 0 if elsewhere
};

LessonSource build_lesson_source(const Trace& trace);

// The lesson line an event came from: 0 when its location is not in the lesson's file.
std::uint32_t lesson_line(const LessonSource& source, const Event& event);

// What the panel keeps between frames.
struct CodeView {
  std::uint32_t highlighted = 0;         // the current event's line (0: none)
  std::uint32_t selected = 0;            // the line last clicked (0: none)
  std::uint32_t scrolled_to = 0;         // the highlighted line the panel last scrolled into view
};

// Fills the current window's content area. Returns the line clicked this frame, if any.
std::optional<std::uint32_t> draw_code_panel(const LessonSource& source, CodeView& view, const ThemeFonts& fonts,
                                             float ui_scale);

nlohmann::ordered_json code_json(const LessonSource& source, const CodeView& view);

}  // namespace wakeline::app
