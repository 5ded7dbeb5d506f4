#include "timeline/timeline_toolbar.hpp"

#include <cfloat>
#include <cmath>
#include <string>

#include "count_text.hpp"
#include "timeline/time_ruler.hpp"
#include "timeline/timeline_navigation.hpp"
#include "wakeline/playhead/narrate.hpp"

namespace wakeline::app {
namespace {

void draw_toolbar_controls(TimelineView& view, float scale) {
  if (ImGui::Button("Fit all  (F)")) follow_run(view);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the whole run. Wheel: zoom at the pointer. Drag: pan. Shift-drag: zoom to a range.");
  ImGui::SameLine(0, 16.0f * scale);
  bool following = view.follow_run;
  if (ImGui::Checkbox("Follow", &following)) {
    if (following) follow_run(view);
    else view.follow_run = false;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep the whole run in view as a live run grows. Zooming or panning turns this off.");
  ImGui::SameLine(0, 16.0f * scale);
  ImGui::Checkbox("Task lanes", &view.show_task_lanes);
  ImGui::SameLine(0, 16.0f * scale);
  ImGui::Checkbox("Wake arrows", &view.show_arrows);
}

}  // namespace

std::string run_totals_text(const TimelineModel& model) {
  std::size_t workers = 0;
  for (const ThreadLane& lane : model.threads) workers += lane.kind == ThreadKind::Worker;
  const std::string dot = " \xC2\xB7 ";
  std::string text = narrate_duration(model.run_end_ns);  // the total, as the status and narration say it
  text.append(" run").append(dot).append(counted(workers, "worker", "workers")).append(dot);
  text.append(counted(model.tasks.size(), "task", "tasks")).append(dot).append(counted(model.event_count, "event", "events"));
  return text;
}

void draw_timeline_toolbar(TimelineView& view, const TimelineModel& model, const PanelRect& rect, const ThemeFonts& fonts,
                           float scale) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float frame = ImGui::GetFrameHeight();
  const float y = std::round(rect.min.y + (rect.height() - frame) * 0.5f);
  float controls_end = rect.min.x;
  if (view.still_image) {
    // A slide has no use for buttons: the run's name in their place, on a line no taller than its type.
    ImFont* font = fonts.heading;
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize,
                                        ImVec2(rect.min.x, std::round(rect.min.y + (rect.height() - font->FontSize) * 0.5f)),
                                        palette::kText, view.image_title.c_str());
    controls_end += font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, view.image_title.c_str()).x + 16.0f * scale;
  } else {
    ImGui::SetCursorScreenPos(ImVec2(rect.min.x, y));
    draw_toolbar_controls(view, scale);
    ImGui::SameLine(0, 16.0f * scale);
    controls_end = ImGui::GetCursorScreenPos().x;
  }

  // Totals on the right, if they fit after the controls.
  // Reveal: the run's length and counts are the future; only what the class has seen is shown.
  const std::string totals = view.reveal && view.playhead_ns >= 0 ? std::string("Reveal: the rest is hidden")
                                                                    : run_totals_text(model);
  const float width = fonts.body->CalcTextSizeA(fonts.body->FontSize, FLT_MAX, 0.0f, totals.c_str()).x;
  const float x = rect.max.x - width - style.FramePadding.x;
  if (x >= controls_end) {
    ImGui::GetWindowDrawList()->AddText(fonts.body, fonts.body->FontSize,
                                        ImVec2(std::round(x), std::round(rect.min.y + (rect.height() - fonts.body->FontSize) * 0.5f)),
                                        palette::kTextMuted, totals.c_str());
  }
  ImGui::NewLine();
}

}  // namespace wakeline::app
