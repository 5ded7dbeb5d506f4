#include "lessons_panel.hpp"

#include "widgets.hpp"

namespace wakeline::app {

void draw_lessons_panel(AppState&, const ThemeFonts&) {
  muted_text_wrapped("Lessons arrive with the scenarios library.");
}

}  // namespace wakeline::app
