#include "inspector_panel.hpp"

#include "widgets.hpp"

namespace wakeline::app {

void draw_inspector_panel(AppState&, const ThemeFonts& fonts) {
  heading_text(fonts, "Nothing selected");
  ImGui::Spacing();
  muted_text_wrapped(
      "Click a task or an event on the timeline to see where it ran, what woke it and how long it "
      "waited.");
}

}  // namespace wakeline::app
