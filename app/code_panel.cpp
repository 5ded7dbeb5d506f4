#include "code_panel.hpp"

namespace wakeline::app {

LessonSource build_lesson_source(const Trace& trace) {
  (void)trace;
  return {};
}

std::uint32_t lesson_line(const LessonSource& source, const Event& event) {
  return event.location < source.line_of_location.size() ? source.line_of_location[event.location] : 0;
}

std::optional<std::uint32_t> draw_code_panel(const LessonSource& source, CodeView& view, const ThemeFonts& fonts,
                                             float ui_scale) {
  (void)source, (void)view, (void)fonts, (void)ui_scale;
  return std::nullopt;
}

nlohmann::ordered_json code_json(const LessonSource& source, const CodeView& view) {
  (void)source;
  return {{"highlighted", view.highlighted}, {"selected", view.selected}};
}

}  // namespace wakeline::app
