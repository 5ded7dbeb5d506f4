#include "compare_panel.hpp"

namespace wakeline::app {

std::vector<CompareRun> run_comparison(const scenarios::Lesson& lesson, const scenarios::LessonSetup& current) {
  (void)lesson, (void)current;
  return {};
}

bool draw_compare_panel(CompareState& compare, const ThemeFonts& fonts, float ui_scale) {
  (void)compare, (void)fonts, (void)ui_scale;
  return false;
}

nlohmann::ordered_json compare_json(const CompareState& compare) {
  (void)compare;
  return nlohmann::ordered_json::array();
}

}  // namespace wakeline::app
