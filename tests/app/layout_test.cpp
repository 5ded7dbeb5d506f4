#include <catch2/catch.hpp>

#include "app_state.hpp"
#include "layout.hpp"

using namespace wakeline::app;

namespace {
constexpr float kGap = 8.0f;
const Rect kWorkArea{0, 28, 1600, 872};  // 1600x900 below a 28 px menu bar

bool inside(const Rect& inner, const Rect& outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width &&
         inner.y + inner.height <= outer.y + outer.height;
}

bool overlap(const Rect& a, const Rect& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
}  // namespace

TEST_CASE("the five panels tile the window without overlapping", "[layout]") {
  const PanelLayout layout = compute_panel_layout(kWorkArea, 1.0f, kGap, PanelVisibility{});
  const Rect panels[] = {layout.lessons, layout.timeline, layout.inspector, layout.code, layout.console};
  for (const Rect& panel : panels) {
    REQUIRE_FALSE(panel.empty());
    CHECK(inside(panel, kWorkArea));
  }
  for (int i = 0; i < 5; ++i) {
    for (int j = i + 1; j < 5; ++j) CHECK_FALSE(overlap(panels[i], panels[j]));
  }
  // Lessons | Timeline over (Code, Console) | Inspector
  CHECK(layout.lessons.x < layout.timeline.x);
  CHECK(layout.timeline.x + layout.timeline.width < layout.inspector.x);
  CHECK(layout.code.x == layout.timeline.x);
  CHECK(layout.console.x == layout.code.x + layout.code.width + kGap);
  CHECK(layout.console.x + layout.console.width == layout.timeline.x + layout.timeline.width);
  CHECK(layout.code.width > layout.console.width);  // code lines are the longer ones
  CHECK(layout.console.y == layout.code.y);
  CHECK(layout.console.y > layout.timeline.y + layout.timeline.height);
  // The outer margin and the gaps between panels are the same, so the edges line up.
  CHECK(layout.lessons.x == kWorkArea.x + kGap);
  CHECK(layout.inspector.x + layout.inspector.width == kWorkArea.x + kWorkArea.width - kGap);
  CHECK(layout.timeline.x - (layout.lessons.x + layout.lessons.width) == kGap);
}

TEST_CASE("the timeline keeps at least half the width at any UI scale", "[layout]") {
  for (const float scale : {1.0f, 1.5f, 2.0f, 2.5f}) {
    INFO("scale " << scale);
    const PanelLayout layout = compute_panel_layout(kWorkArea, scale, kGap * scale, PanelVisibility{});
    CHECK(layout.timeline.width >= (kWorkArea.width - 2 * kGap * scale) * 0.5f - 1.0f);
    CHECK(layout.console.height <= kWorkArea.height * 0.3f + 1.0f);
  }
}

TEST_CASE("hidden panels give their room to the timeline", "[layout]") {
  PanelVisibility visible;
  visible.lessons = false;
  visible.inspector = false;
  visible.console = false;
  visible.code = false;
  const PanelLayout layout = compute_panel_layout(kWorkArea, 1.0f, kGap, visible);
  CHECK(layout.lessons.empty());
  CHECK(layout.inspector.empty());
  CHECK(layout.console.empty());
  CHECK(layout.code.empty());
  CHECK(layout.timeline == Rect{kGap, kWorkArea.y + kGap, kWorkArea.width - 2 * kGap, kWorkArea.height - 2 * kGap});
}

TEST_CASE("without the code panel the console takes the whole bottom row, and the other way round", "[layout]") {
  PanelVisibility visible;
  visible.code = false;
  PanelLayout layout = compute_panel_layout(kWorkArea, 1.0f, kGap, visible);
  CHECK(layout.code.empty());
  CHECK(layout.console.x == layout.timeline.x);
  CHECK(layout.console.width == layout.timeline.width);
  visible.code = true;
  visible.console = false;
  layout = compute_panel_layout(kWorkArea, 1.0f, kGap, visible);
  CHECK(layout.console.empty());
  CHECK(layout.code.width == layout.timeline.width);
}

TEST_CASE("a window too small for panels yields empty rectangles, not negative ones", "[layout]") {
  const PanelLayout layout = compute_panel_layout(Rect{0, 0, 10, 10}, 2.5f, 20.0f, PanelVisibility{});
  for (const Rect& panel : {layout.lessons, layout.timeline, layout.inspector, layout.console}) {
    CHECK(panel.width >= 0);
    CHECK(panel.height >= 0);
  }
}

TEST_CASE("monitor content scales snap to the offered UI scale steps", "[layout]") {
  CHECK(snap_ui_scale(1.0f) == 1.0f);
  CHECK(snap_ui_scale(1.1f) == 1.0f);
  CHECK(snap_ui_scale(1.4f) == 1.5f);
  CHECK(snap_ui_scale(2.0f) == 2.0f);
  CHECK(snap_ui_scale(3.0f) == 2.5f);
  CHECK(snap_ui_scale(0.5f) == 1.0f);
  CHECK(snap_ui_scale(0.0f) == 1.0f);
}

TEST_CASE("a large scale on a small window folds the panels it has no room for, and says which", "[layout]") {
  const Rect small{0, 50, 1280, 670};
  const PanelLayout layout = compute_panel_layout(small, 2.5f, kGap * 2.5f, PanelVisibility{});
  CHECK(layout.lessons.empty());
  CHECK(layout.inspector.empty());
  CHECK(layout.folded == PanelVisibility{true, true, true, true});
  // The drawer opens over the timeline, inside the window.
  for (const DrawerPanel panel : {DrawerPanel::Lessons, DrawerPanel::Inspector, DrawerPanel::Code}) {
    const Rect drawer = drawer_rect(small, 2.5f, kGap * 2.5f, panel);
    CHECK(inside(drawer, small));
    CHECK(overlap(drawer, layout.timeline));
  }
}

TEST_CASE("at 800x600 no panel is squeezed under twenty characters: it folds instead", "[layout]") {
  const Rect small{0, 28, 800, 572};
  const PanelLayout layout = compute_panel_layout(small, 1.0f, kGap, PanelVisibility{});
  for (const Rect& panel : {layout.lessons, layout.inspector, layout.code, layout.console, layout.timeline}) {
    if (!panel.empty()) CHECK(panel.width >= 200);
  }
  CHECK(layout.folded.lessons);
  CHECK_FALSE(layout.folded.code);
}
