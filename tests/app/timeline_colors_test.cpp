// Task colours: stable, told apart, and their labels readable.
#include <catch2/catch.hpp>

#include "timeline/timeline_colors.hpp"

using namespace wakeline;
using namespace wakeline::app;

TEST_CASE("a task's colour depends on its id only, and neighbours differ", "[timeline]") {
  CHECK(task_color(7) == task_color(7));
  for (TaskId id = 1; id < 50; ++id) CHECK(task_color(id) != task_color(id + 1));
}

TEST_CASE("the name inside a span is readable on every task colour", "[timeline]") {
  for (TaskId id = 0; id < 2000; ++id) {
    const ImU32 fill = task_color(id);
    INFO("task " << id);
    CHECK(contrast_ratio(fill, text_color_on(fill)) >= 4.5f);  // WCAG AA for body text
  }
}

TEST_CASE("dimming keeps the colour and scales its alpha", "[timeline]") {
  const ImU32 dimmed = with_alpha(IM_COL32(10, 20, 30, 255), 0.5f);
  CHECK((dimmed & ~IM_COL32_A_MASK) == (IM_COL32(10, 20, 30, 0) & ~IM_COL32_A_MASK));
  CHECK(((dimmed >> IM_COL32_A_SHIFT) & 0xff) == 128);
}
