#include "state_panel.hpp"

namespace wakeline::app {

void draw_state_panel(const RuntimeState& state, const TraceCatalog& catalog, TaskId& selected_task,
                      const ThemeFonts& fonts, float ui_scale) {
  (void)state, (void)catalog, (void)selected_task, (void)fonts, (void)ui_scale;
}

nlohmann::ordered_json state_json(const RuntimeState& state, const TraceCatalog& catalog) {
  (void)catalog;
  return {{"position", state.position}};
}

}  // namespace wakeline::app
