#include "timeline/timeline_picture.hpp"

#include <algorithm>

#include "panels/timeline_panel.hpp"
#include "playhead_controls.hpp"
#include "wakeline/printable.hpp"

namespace wakeline::app {

std::string check_picture_size(int width, int height) {
  if (width >= kMinPictureWidth && width <= kMaxPictureWidth && height >= kMinPictureHeight && height <= kMaxPictureHeight) {
    return {};
  }
  return "a picture of " + std::to_string(width) + "x" + std::to_string(height) + " pixels is not possible: from " +
         std::to_string(kMinPictureWidth) + "x" + std::to_string(kMinPictureHeight) + " to " +
         std::to_string(kMaxPictureWidth) + "x" + std::to_string(kMaxPictureHeight) + " (1920x1080 suits most slides)";
}

namespace {

// "sequential-vs-join (mode=join, requests=2)": the lesson and its settings, also for an opened file.
std::string picture_title(const AppState& state) {
  if (state.trace == nullptr || state.trace->run.scenario.empty()) {
    return state.trace_title.empty() ? std::string("Wakeline") : state.trace_title;
  }
  std::string title = state.trace->run.scenario;
  std::string params;
  for (const auto& [key, value] : state.trace->run.params) params += (params.empty() ? "" : ", ") + key + "=" + value;
  if (!params.empty()) title += " (" + params + ")";
  return folded(title);  // from the file: any length
}

}  // namespace

float picture_ui_scale(int height) {
  constexpr float kHeightAt100 = 720.0f;
  return std::clamp(static_cast<float>(height) / kHeightAt100, 1.0f, 6.0f);
}

TimelineFrameLayout draw_timeline_picture(const AppState& state, bool fit_all, const ThemeFonts& fonts, float ui_scale) {
  TimelineView view = state.timeline;  // a copy: the window keeps its zoom, scroll and selection
  view.still_image = true;
  view.image_title = picture_title(state);
  // A playhead at the end marks nothing a slide needs; one mid-run shows where the story stands.
  if (playhead_at_end(state.playhead)) view.playhead_ns = -1;
  if (fit_all) {
    view.fit_requested = true;
    view.scroll_y = 0;
  }
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport.Pos);
  ImGui::SetNextWindowSize(viewport.Size);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoFocusOnAppearing |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  // A slide's edges are the projector's: a margin at the sides only, so the lanes keep the height
  // (the title line has its own pixel of air).
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10.0f * ui_scale, 0.0f));
  if (ImGui::Begin("##timeline-picture", nullptr, kFlags)) draw_timeline_panel(state.trace.get(), view, fonts, ui_scale);
  ImGui::End();
  ImGui::PopStyleVar(3);
  return view.last_layout;
}

}  // namespace wakeline::app
