// The timeline's colours: a stable colour per task (the same task is the same colour in every run
// and every lane), a readable text colour on top of it, and one colour per task state, wake cause
// and marker, chosen to stay apart on a projector and calm on the dark theme.
#pragma once

#include <imgui.h>

#include "timeline/timeline_model.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

namespace timeline_palette {
inline constexpr ImU32 kBlockingFill = IM_COL32(150, 48, 30, 255);     // under the stripes
inline constexpr ImU32 kBlockingStripe = IM_COL32(244, 112, 64, 255);  // red-orange: cannot be missed
inline constexpr ImU32 kFolded = IM_COL32(122, 134, 156, 255);         // many spans in a pixel or two
inline constexpr ImU32 kSelection = IM_COL32(255, 255, 255, 255);      // outline of the selected task's spans
inline constexpr ImU32 kZoomSelection = IM_COL32(94, 164, 232, 60);    // shift-drag range
inline constexpr ImU32 kDone = IM_COL32(112, 200, 120, 255);
inline constexpr ImU32 kCancelled = IM_COL32(170, 176, 188, 255);
inline constexpr ImU32 kFailed = IM_COL32(240, 84, 84, 255);
}  // namespace timeline_palette

// Spread around the hue circle by the golden angle, so neighbouring ids differ clearly.
ImU32 task_color(TaskId task);
// Black or white, whichever contrasts more with `background`.
ImU32 text_color_on(ImU32 background);
// WCAG contrast ratio of two colours, 1 to 21.
float contrast_ratio(ImU32 a, ImU32 b);

// Task-lane states. Running uses the task's own colour; this is the legend swatch for it.
ImU32 state_color(SpanKind kind);
ImU32 wake_color(WakeCause cause);
ImU32 marker_color(MarkerKind kind);

// Multiplies the alpha, for dimming what is not selected.
ImU32 with_alpha(ImU32 color, float alpha);

}  // namespace wakeline::app
