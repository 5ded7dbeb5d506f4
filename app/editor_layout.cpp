#include "editor_layout.hpp"

#include <algorithm>
#include <cmath>

namespace wakeline::app {

EditorSplit split_for_editor(Rect work_area, float ui_scale, float gap) {
  constexpr float kShare = 0.38f, kMin = 440.0f, kMax = 760.0f, kMaxShare = 0.5f;
  const float s = std::max(ui_scale, 0.1f);
  float width = std::clamp(work_area.width * kShare, kMin * s, kMax * s);
  width = std::round(std::min(width, work_area.width * kMaxShare));
  EditorSplit split;
  split.rest = {work_area.x, work_area.y, std::max(0.0f, work_area.width - width - gap), work_area.height};
  split.editor = {split.rest.x + split.rest.width, work_area.y + gap, width, std::max(0.0f, work_area.height - 2 * gap)};
  return split;
}

}  // namespace wakeline::app
