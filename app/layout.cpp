#include "layout.hpp"

#include <algorithm>
#include <cmath>

namespace wakeline::app {
namespace {

// Shares of the window, and the sizes (at 100% scale) below or above which a share stops
// making sense: a 280 px left column is the narrowest that still fits a lesson title and a
// parameter's name beside its slider.
constexpr float kLessonsShare = 0.23f, kLessonsMin = 280, kLessonsMax = 420;
constexpr float kInspectorShare = 0.22f, kInspectorMin = 260, kInspectorMax = 440;
constexpr float kConsoleShare = 0.26f, kConsoleMin = 150, kConsoleMax = 320;
constexpr float kMaxSidesShare = 0.5f;    // of the width, for Lessons and Inspector and their gaps
constexpr float kMaxConsoleShare = 0.3f;  // of the height: at large UI scales the timeline keeps room for its lanes
constexpr float kCodeShare = 0.58f;       // of the bottom row, when the console shares it
// What the timeline needs (at 100%) for its title, playhead bar, ruler, legend and three lanes. The
// bottom row gives way to it: it shrinks, and when too little of it would be left, it folds away
// (View > Panels or presentation mode bring it back on a larger window or at a smaller scale).
constexpr float kTimelineNeeds = 400;
// The width (at 100%) under which the side columns fold away, Lessons first: the playhead bar's one
// row and a readable time axis.
constexpr float kTimelineNeedsWidth = 520;
constexpr float kBottomRowFolds = 0.6f;   // of kConsoleMin: a console shorter than this is not worth its space
// A side column squeezed under this share of its minimum width folds away rather than show
// one-letter columns; so does a code or console panel narrower than kNarrowestPanel (about 20
// characters of body text at 100%).
constexpr float kSideColumnFolds = 0.85f;
constexpr float kNarrowestPanel = 200;
// Drawers: a side drawer as wide as its column would be, at most this share of the window; a bottom
// drawer this share of the height.
constexpr float kMaxDrawerWidthShare = 0.62f;
constexpr float kBottomDrawerShare = 0.6f;

// Whole pixels keep 1 px borders crisp.
Rect snap(Rect r) {
  const float x = std::round(r.x), y = std::round(r.y);
  return {x, y, std::round(r.x + r.width) - x, std::round(r.y + r.height) - y};
}

}  // namespace

PanelLayout compute_panel_layout(Rect work_area, float ui_scale, float gap, const PanelVisibility& visible,
                                 float timeline_wants) {
  const Rect area{work_area.x + gap, work_area.y + gap, std::max(0.0f, work_area.width - 2 * gap),
                  std::max(0.0f, work_area.height - 2 * gap)};
  const float s = std::max(ui_scale, 0.1f);  // keeps every clamp range ordered

  const auto lessons_wanted = [&] {
    return visible.lessons ? std::clamp(area.width * kLessonsShare, kLessonsMin * s, kLessonsMax * s) : 0.0f;
  };
  const auto inspector_wanted = [&] {
    return visible.inspector ? std::clamp(area.width * kInspectorShare, kInspectorMin * s, kInspectorMax * s) : 0.0f;
  };
  float lessons_width = lessons_wanted();
  float inspector_width = inspector_wanted();
  // The timeline keeps at least kMaxSidesShare of the width, after the gaps beside it.
  const auto keep_timeline_share = [&] {
    const float inner_gaps = ((lessons_width > 0) + (inspector_width > 0)) * gap;
    const float sides = lessons_width + inspector_width;
    if (const float max_sides = std::max(0.0f, area.width * kMaxSidesShare - inner_gaps); sides > max_sides) {
      lessons_width *= max_sides / sides;
      inspector_width *= max_sides / sides;
    }
  };
  keep_timeline_share();
  // Squeezed columns fold (Lessons first, the Inspector then gets its own width back) rather than
  // show one-letter columns.
  const auto squeezed = [&] {
    return (lessons_width > 0 && lessons_width < kLessonsMin * s * kSideColumnFolds) ||
           (inspector_width > 0 && inspector_width < kInspectorMin * s * kSideColumnFolds);
  };
  if (squeezed() && lessons_width > 0) {
    lessons_width = 0;
    inspector_width = inspector_wanted();
    keep_timeline_share();
  }
  if (squeezed()) inspector_width = 0;

  // The lanes come first: a large UI scale on a small window folds the side columns away.
  const auto center_room = [&] {
    return area.width - lessons_width - inspector_width - ((lessons_width > 0) + (inspector_width > 0)) * gap;
  };
  if (center_room() < kTimelineNeedsWidth * s) lessons_width = 0;
  if (center_room() < kTimelineNeedsWidth * s) inspector_width = 0;

  const float center_left = area.x + (lessons_width > 0 ? lessons_width + gap : 0);
  const float center_right = area.x + area.width - (inspector_width > 0 ? inspector_width + gap : 0);
  const float center_width = std::max(0.0f, center_right - center_left);

  // Side by side, code and console each keep a readable width; the console folds first.
  bool code_shown = visible.code, console_shown = visible.console;
  if (code_shown && console_shown && (center_width - gap) * (1 - kCodeShare) < kNarrowestPanel * s) console_shown = false;
  if (center_width < kNarrowestPanel * s) code_shown = console_shown = false;

  float console_height = 0;  // the bottom row's: console, code or both
  if (console_shown || code_shown) {
    console_height = std::min(std::clamp(area.height * kConsoleShare, kConsoleMin * s, kConsoleMax * s),
                              area.height * kMaxConsoleShare);
    console_height = std::min(console_height, area.height - kTimelineNeeds * s - gap);
    const float smallest = kConsoleMin * kBottomRowFolds * s;
    if (console_height < smallest) console_height = 0;
    // The timeline asks for room for all its lanes: the bottom row gives it, down to its smallest.
    if (timeline_wants > 0 && console_height > smallest) {
      console_height = std::max(smallest, std::min(console_height, area.height - timeline_wants - gap));
    }
  }
  const float timeline_height = std::max(0.0f, area.height - (console_height > 0 ? console_height + gap : 0));

  PanelLayout layout;
  layout.folded = {visible.lessons && lessons_width <= 0, visible.inspector && inspector_width <= 0,
                   visible.console && (console_height <= 0 || !console_shown),
                   visible.code && (console_height <= 0 || !code_shown)};
  if (lessons_width > 0) layout.lessons = snap({area.x, area.y, lessons_width, area.height});
  if (inspector_width > 0) {
    layout.inspector = snap({area.x + area.width - inspector_width, area.y, inspector_width, area.height});
  }
  layout.timeline = snap({center_left, area.y, center_width, timeline_height});
  if (console_height > 0) {
    const float bottom = area.y + area.height - console_height;
    if (code_shown && console_shown) {
      const float code_width = std::round((center_width - gap) * kCodeShare);
      layout.code = snap({center_left, bottom, code_width, console_height});
      layout.console = snap({center_left + code_width + gap, bottom, center_width - code_width - gap, console_height});
    } else if (code_shown) {
      layout.code = snap({center_left, bottom, center_width, console_height});
    } else {
      layout.console = snap({center_left, bottom, center_width, console_height});
    }
  }
  return layout;
}

Rect drawer_rect(Rect work_area, float ui_scale, float gap, DrawerPanel panel) {
  const Rect area{work_area.x + gap, work_area.y + gap, std::max(0.0f, work_area.width - 2 * gap),
                  std::max(0.0f, work_area.height - 2 * gap)};
  const float s = std::max(ui_scale, 0.1f);
  const float widest = area.width * kMaxDrawerWidthShare;
  switch (panel) {
    case DrawerPanel::None: return {};
    case DrawerPanel::Lessons:
      return snap({area.x, area.y, std::min(widest, std::max(kLessonsMin * s, area.width * kLessonsShare)), area.height});
    case DrawerPanel::Inspector: {
      const float width = std::min(widest, std::max(kInspectorMin * s, area.width * kInspectorShare));
      return snap({area.x + area.width - width, area.y, width, area.height});
    }
    case DrawerPanel::Code:
    case DrawerPanel::Console: {
      const float height = area.height * kBottomDrawerShare;
      return snap({area.x, area.y + area.height - height, area.width, height});
    }
  }
  return {};
}

}  // namespace wakeline::app
