#include "panels/playhead_bar.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <array>
#include <string>

#include "panels/widgets.hpp"
#include "playhead_controls.hpp"
#include "timeline/timeline_hover.hpp"
#include "timeline/timeline_navigation.hpp"

namespace wakeline::app {
namespace {

struct SpeedChoice {
  PlayMode mode;
  double value;
};
// Slow enough to talk over each poll, fast enough to replay a whole run.
constexpr std::array kSpeeds{
    SpeedChoice{PlayMode::TimeScaled, 0.01}, SpeedChoice{PlayMode::TimeScaled, 0.1},
    SpeedChoice{PlayMode::TimeScaled, 0.5},  SpeedChoice{PlayMode::TimeScaled, 1},
    SpeedChoice{PlayMode::TimeScaled, 2},    SpeedChoice{PlayMode::TimeScaled, 10},
    SpeedChoice{PlayMode::TimeScaled, 100},  SpeedChoice{PlayMode::EventsPerSecond, 1},
    SpeedChoice{PlayMode::EventsPerSecond, 2}, SpeedChoice{PlayMode::EventsPerSecond, 4},
    SpeedChoice{PlayMode::EventsPerSecond, 10}, SpeedChoice{PlayMode::EventsPerSecond, 50},
    SpeedChoice{PlayMode::EventsPerSecond, 200},
};

// The narration's lines at most: enough for the longest sentence at 800x600, few enough that the
// lanes keep their room; and at most this share of the panel's height below the transport.
constexpr int kNarrationLines = 3, kCompactNarrationLines = 2;
constexpr float kNarrationShare = 0.25f;

bool key(int key_index) { return ImGui::IsKeyPressed(key_index, true); }

// Continues the row with an item `width` wide, or starts the next row when it would not fit: at a
// large UI scale the bar wraps instead of running off the panel.
void wrap_for(float width) {
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

// A small transport button; disabled buttons still take their place so the bar never jumps.
bool transport_button(const char* label, const char* tip, bool enabled, float height) {
  wrap_for(ImGui::CalcTextSize(label, nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x);
  ImGui::BeginDisabled(!enabled);
  const bool pressed = ImGui::Button(label, ImVec2(0, height));
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip);
  ImGui::SameLine();
  return pressed && enabled;
}

void draw_speed_combo(PlayheadView& view, float ui_scale) {
  ImGui::SetNextItemWidth(130.0f * ui_scale);
  const std::string current = speed_text(view);
  if (!ImGui::BeginCombo("##speed", current.c_str())) {
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Playing speed: virtual time scaled (1x = the run's own pace) or a fixed number of events per second");
    }
    return;
  }
  PlayMode last_mode = kSpeeds.front().mode;
  for (const SpeedChoice& choice : kSpeeds) {
    if (choice.mode != last_mode) ImGui::Separator();
    last_mode = choice.mode;
    PlayheadView probe;
    probe.mode = choice.mode;
    probe.time_scale = probe.events_per_second = choice.value;
    const bool selected =
        view.mode == choice.mode && (choice.mode == PlayMode::TimeScaled ? view.time_scale : view.events_per_second) == choice.value;
    if (ImGui::Selectable(speed_text(probe).c_str(), selected)) {
      view.mode = choice.mode;
      (choice.mode == PlayMode::TimeScaled ? view.time_scale : view.events_per_second) = choice.value;
      view.event_credit = 0;
    }
  }
  ImGui::EndCombo();
}

}  // namespace

bool handle_playhead_keys(PlayheadView& view, TimelineView& timeline) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return false;
  if (ImGui::IsKeyPressed(GLFW_KEY_F, false) && !io.KeyCtrl) follow_run(timeline);  // also when not over the timeline
  if (!playhead_ready(view)) return false;
  const bool left = key(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)), right = key(ImGui::GetKeyIndex(ImGuiKey_RightArrow));
  bool acted = true;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) toggle_play(view);
  else if (io.KeyShift && left) to_previous_poll(view);
  else if (io.KeyShift && right) to_next_poll(view);
  else if (io.KeyCtrl && left) to_previous_event_of(view, timeline.selected_task);
  else if (io.KeyCtrl && right) to_next_event_of(view, timeline.selected_task);
  else if (left) step_back(view);
  else if (right) step_forward(view);
  else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) seek(view, 0);
  else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) seek(view, event_count(view));
  else acted = false;
  // A step taken by hand ends playing: the teacher has taken over.
  if (acted && !ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) view.playing = false;
  return acted;
}

FittedText draw_playhead_bar(PlayheadView& view, TaskId selected_task, const char* selected_name, const ThemeFonts& fonts,
                             float ui_scale, bool compact) {
  if (!playhead_ready(view)) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
    ImGui::TextUnformatted("Stepping through the run becomes available when it has ended.");
    ImGui::PopStyleColor();
    return {};
  }
  const float h = ImGui::GetFrameHeight();
  const bool start = view.position == 0, end = playhead_at_end(view);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4.0f * ui_scale, 4.0f * ui_scale));
  if (transport_button("\xE2\x87\xA4", "To the start (Home)", !start, h)) seek(view, 0);
  // Compact (presentation, or a panel short of room): one row, the keys still do what the rest did.
  if (!compact && transport_button("\xE2\x97\x80\xE2\x97\x80 poll", "Previous poll (Shift+Left)", !start, h)) {
    to_previous_poll(view);
  }
  if (transport_button("\xE2\x86\x90", "Step back one event (Left)", !start, h)) step_back(view);
  ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const char* play_label = view.playing ? "\xE2\x96\xAE\xE2\x96\xAE Pause###play" : "\xE2\x96\xB6 Play###play";
  const bool play = transport_button(play_label, "Play or pause (Space)", true, h);
  ImGui::PopStyleColor();
  if (play) toggle_play(view);
  if (transport_button("\xE2\x86\x92", "Step one event (Right)", !end, h)) step_forward(view);
  if (!compact && transport_button("poll \xE2\x96\xB6\xE2\x96\xB6", "Next poll (Shift+Right)", !end, h)) to_next_poll(view);
  if (transport_button("\xE2\x87\xA5", "To the end (End)", !end, h)) seek(view, event_count(view));
  const std::string task_tip = selected_task != 0 ? std::string("the events of '") + selected_name + "'" : "select a task first";
  if (!compact) {
    if (transport_button("\xE2\x97\x81 task", ("Previous of " + task_tip + " (Ctrl+Left)").c_str(), selected_task != 0, h)) {
      to_previous_event_of(view, selected_task);
    }
    if (transport_button("task \xE2\x96\xB7", ("Next of " + task_tip + " (Ctrl+Right)").c_str(), selected_task != 0, h)) {
      to_next_event_of(view, selected_task);
    }
  }
  ImGui::Dummy(ImVec2(6.0f * ui_scale, h));
  ImGui::SameLine();
  wrap_for(130.0f * ui_scale);
  draw_speed_combo(view, ui_scale);
  ImGui::SameLine();
  wrap_for(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("Reveal").x);
  ImGui::Checkbox("Reveal", &view.reveal);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide everything after the playhead: what happens next?");
  ImGui::SameLine();
  if (!compact) {
    const std::string where = position_text(view) + "  \xC2\xB7  t = " + format_time_point(playhead_time_ns(view));
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(where.c_str()).x) ImGui::NewLine();  // ends the transport row
    ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(where.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopStyleVar();

  // The narration: what just happened, in words, with an accent bar before it. Compact, it stands
  // beside the transport when it fits there whole, else on rows of its own. It wraps, in at most a
  // few lines so the lanes keep their room; cut, its tooltip has all of it.
  const std::string narration = narration_text(view);
  ImGui::PushFont(fonts.heading);
  const float bar = 4.0f * ui_scale;
  const float indent = bar + 8.0f * ui_scale;
  if (compact && ImGui::GetContentRegionAvail().x < indent + ImGui::CalcTextSize(narration.c_str()).x) ImGui::NewLine();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(at.x + indent, at.y + 3.0f * ui_scale));
  // Each line is taken from the lanes: a short panel (a large UI scale on 1280x720) affords fewer.
  const int affordable = static_cast<int>(ImGui::GetContentRegionAvail().y * kNarrationShare / ImGui::GetTextLineHeight());
  const int max_lines = std::clamp(affordable, 1, compact ? kCompactNarrationLines : kNarrationLines);
  FittedText shown = fitted_text(narration, max_lines);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + 2.0f * ui_scale),
                                            ImVec2(at.x + bar, ImGui::GetItemRectMax().y + 1.0f * ui_scale), palette::kAccent, 2.0f);
  ImGui::PopFont();
  if (!compact) ImGui::Dummy(ImVec2(0, 2.0f * ui_scale));
  return shown;
}

}  // namespace wakeline::app
