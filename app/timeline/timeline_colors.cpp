#include "timeline/timeline_colors.hpp"

#include <algorithm>
#include <cmath>

namespace wakeline::app {
namespace {

constexpr float kGoldenRatio = 0.618033988749895f;

float linear(float channel) {
  return channel <= 0.03928f ? channel / 12.92f : std::pow((channel + 0.055f) / 1.055f, 2.4f);
}

float luminance(ImU32 color) {
  const ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
  return 0.2126f * linear(c.x) + 0.7152f * linear(c.y) + 0.0722f * linear(c.z);
}

}  // namespace

ImU32 task_color(TaskId task) {
  // Task 1 (main, usually) starts at a calm blue; every next id turns by the golden angle.
  const float hue = std::fmod(0.58f + static_cast<float>(task - 1) * kGoldenRatio, 1.0f);
  // Pastel enough for black text, saturated enough to tell twelve neighbours apart.
  float r = 0, g = 0, b = 0;
  ImGui::ColorConvertHSVtoRGB(hue, 0.42f, 0.90f, r, g, b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1.0f));
}

float contrast_ratio(ImU32 a, ImU32 b) {
  const float la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

ImU32 text_color_on(ImU32 background) {
  constexpr ImU32 kDark = IM_COL32(16, 18, 22, 255);
  constexpr ImU32 kLight = IM_COL32(246, 247, 250, 255);
  return contrast_ratio(background, kDark) >= contrast_ratio(background, kLight) ? kDark : kLight;
}

ImU32 state_color(SpanKind kind) {
  switch (kind) {
    case SpanKind::Poll:
    case SpanKind::Running: return IM_COL32(120, 176, 232, 255);
    case SpanKind::Blocking:
    case SpanKind::Blocked: return timeline_palette::kBlockingStripe;
    case SpanKind::Ready: return IM_COL32(232, 190, 84, 255);
    case SpanKind::WaitTimer: return IM_COL32(72, 196, 190, 255);
    case SpanKind::WaitChannel: return IM_COL32(176, 140, 236, 255);
    case SpanKind::WaitJoin: return IM_COL32(126, 150, 204, 255);
    case SpanKind::WaitLock: return IM_COL32(232, 122, 178, 255);
    case SpanKind::Waiting: return IM_COL32(128, 136, 150, 255);
  }
  return IM_COL32(128, 136, 150, 255);
}

ImU32 wake_color(WakeCause cause) {
  switch (cause) {
    case WakeCause::Timer: return state_color(SpanKind::WaitTimer);
    case WakeCause::Channel: return state_color(SpanKind::WaitChannel);
    case WakeCause::Task:
    case WakeCause::JoinChild: return IM_COL32(150, 180, 240, 255);
    case WakeCause::Lock: return state_color(SpanKind::WaitLock);
    case WakeCause::Spawn: return IM_COL32(128, 206, 128, 255);
    case WakeCause::Blocking: return timeline_palette::kBlockingStripe;
    case WakeCause::Yield: return IM_COL32(170, 176, 188, 255);
  }
  return IM_COL32(170, 176, 188, 255);
}

ImU32 marker_color(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::ChannelSend:
    case MarkerKind::ChannelRecv: return state_color(SpanKind::WaitChannel);
    case MarkerKind::TimerSet:
    case MarkerKind::TimerFired: return state_color(SpanKind::WaitTimer);
    case MarkerKind::Print: return IM_COL32(236, 238, 242, 255);
    case MarkerKind::Steal: return IM_COL32(128, 206, 128, 255);
  }
  return IM_COL32(236, 238, 242, 255);
}

ImU32 with_alpha(ImU32 color, float alpha) {
  const auto a = static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xff) * std::clamp(alpha, 0.0f, 1.0f);
  return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a + 0.5f) << IM_COL32_A_SHIFT);
}

}  // namespace wakeline::app
