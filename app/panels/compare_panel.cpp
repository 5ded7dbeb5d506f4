// The Compare view, top to bottom: a header (title, Fit all, Close), one time ruler, then one block
// per run: its label and total time over its thread lanes. The lanes are the timeline's own (model,
// draw items, painter) in a lanes-only layout; every block shares CompareState's time window.
#include "panels/compare_panel.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <exception>
#include <string_view>
#include <utility>

#include "timeline/draw_items.hpp"
#include "timeline/time_ruler.hpp"
#include "timeline/timeline_colors.hpp"
#include "timeline/timeline_hover.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"
#include "timeline/timeline_navigation.hpp"
#include "timeline/timeline_painter.hpp"
#include "wakeline/playhead/narrate.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

namespace wakeline::app {
namespace sc = scenarios;
namespace {

// ---------------------------------------------------------------------------------------------
// Running the variants

constexpr std::string_view kYourSettings = "your settings";

bool presets_key(const sc::Variant& variant, std::string_view key) {
  return std::any_of(variant.presets.begin(), variant.presets.end(), [&](const auto& preset) { return preset.first == key; });
}

// What `--variant NAME` builds, except that the runtime settings the variant leaves alone come from
// `current` (its workers only while the flavor stays the same), and the clock is always virtual:
// deterministic, and instant however long the lesson waits.
sc::SetupParse variant_setup(const sc::Lesson& lesson, const sc::Variant& variant, const sc::RuntimeSettings& current) {
  sc::SetupRequest request{.variant = variant.name, .assignments = {}};
  const sc::SetupParse preset_only = sc::parse_setup(lesson, request);
  if (!preset_only.ok()) return preset_only;
  const bool sets_flavor = presets_key(variant, "flavor");
  if (!sets_flavor) request.assignments.push_back("flavor=" + std::string(to_string(current.flavor)));
  const Flavor flavor = sets_flavor ? preset_only.setup.runtime.flavor : current.flavor;
  if (!presets_key(variant, "workers") && flavor == current.flavor) {
    request.assignments.push_back("workers=" + std::to_string(current.workers));
  }
  if (!presets_key(variant, "seed")) request.assignments.push_back("seed=" + std::to_string(current.seed));
  // The machine being modelled stays the same across the variants.
  if (!presets_key(variant, "cores")) request.assignments.push_back("cores=" + std::to_string(current.cores));
  if (!presets_key(variant, "timer_tick")) {
    request.assignments.push_back("timer_tick=" + std::to_string(current.timer_tick_ms));
  }
  request.assignments.push_back("clock=virtual");
  return sc::parse_setup(lesson, request);
}

bool same_setup(const sc::LessonSetup& a, const sc::LessonSetup& b) {
  return a.params.entries == b.params.entries && a.runtime == b.runtime;
}

// "mode=join, requests=2, latency_ms=1000 · multi_thread ×2": the runtime too, as it is all that
// tells some variants apart (work-stealing's worker counts).
std::string describe_setup(const sc::Lesson& lesson, const sc::LessonSetup& setup) {
  std::string text;
  for (const auto& [key, value] : sc::params_as_text(lesson, setup.params)) {
    if (!text.empty()) text += ", ";
    text += key + "=" + value;
  }
  if (!text.empty()) text += " \xC2\xB7 ";
  text += to_string(setup.runtime.flavor);
  if (setup.runtime.flavor == Flavor::MultiThread) text += " \xC3\x97" + std::to_string(setup.runtime.workers);
  if (setup.runtime.seed != 1) text += ", seed " + std::to_string(setup.runtime.seed);
  if (setup.runtime.cores != 0) text += ", " + std::to_string(setup.runtime.cores) + " cores";
  if (setup.runtime.timer_tick_ms != 0) text += ", " + std::to_string(setup.runtime.timer_tick_ms) + " ms tick";
  return text;
}

// Never throws: a setup that does not parse, a run that throws, stops or deadlocks is kept with
// `error` saying so (and its trace, when there is one).
CompareRun run_setup(const sc::Lesson& lesson, std::string label, const sc::SetupParse& parse) {
  CompareRun run;
  run.label = std::move(label);
  if (!parse.ok()) {
    run.error = parse.error;
    return run;
  }
  run.detail = describe_setup(lesson, parse.setup);
  run.setup = parse.setup;
  try {
    RunReport report = sc::run_lesson(lesson, parse.setup.params, parse.setup.runtime);
    run.total_ns = report.trace.run.total_ns;
    if (!report.fault.empty()) {
      run.error = report.fault;
    } else if (report.deadlocked) {
      const std::size_t stuck = report.trace.run.deadlock.size();
      run.error = "deadlock: " + std::to_string(stuck) + (stuck == 1 ? " task" : " tasks") + " can never be woken";
    }
    run.trace = std::make_shared<const Trace>(std::move(report.trace));
  } catch (const std::exception& error) {
    run.error = error.what();
  } catch (...) {
    run.error = "the run ended with an unknown exception";
  }
  return run;
}

// ---------------------------------------------------------------------------------------------
// Where everything goes

constexpr float kRulerLabelSpacing = 110.0f;  // a labelled tick about this often, at 100%
constexpr float kRunGap = 10.0f;              // between two runs' blocks
constexpr float kTitlePadding = 5.0f;         // above and below a run's label
constexpr float kCompactLaneHeight = 28.0f;   // thread lanes get at least this (the name only); below it a run's lanes scroll
constexpr float kClickSlopPx = 4.0f;          // a press that moves less than this is not a drag
constexpr float kWheelScrollLanes = 1.0f;     // lanes scrolled per wheel notch over a run's labels

struct RunBlock {
  PanelRect frame;  // label and lanes
  PanelRect title;  // "sequential — 2000 ms" and the parameters
  PanelRect body;   // the lanes, or why there are none
};

struct CompareLayout {
  PanelRect header;
  PanelRect ruler;  // over the plots only, like the timeline's
  float gutter_width = 0;
  PanelRect runs_area;         // under the ruler; the blocks are clipped to it
  std::vector<RunBlock> runs;  // top to bottom, equal heights, moved up by scroll_y
  float content_height = 0;    // every block and the gaps between them
  float scroll_y = 0;          // clamped to the content
  float scale = 1;

  float max_scroll() const { return std::max(0.0f, content_height - runs_area.height()); }
};

// The runs share the height equally; each gets at least its label and one compact lane, and when
// even that does not fit (many variants, a large UI scale) the list of runs scrolls.
CompareLayout layout_compare(ImVec2 origin, ImVec2 size, std::size_t run_count, const ThemeFonts& fonts, float scale,
                             float scroll_y) {
  CompareLayout layout;
  layout.scale = scale;
  const float right = origin.x + size.x, bottom = origin.y + size.y;
  const float gap = std::round(4.0f * scale);
  layout.gutter_width = std::round(std::min(kGutterWidth * scale, size.x * 0.35f));
  layout.header = {origin, ImVec2(right, origin.y + std::round(kToolbarHeight * scale))};
  const float ruler_top = layout.header.max.y + gap;
  layout.ruler = {ImVec2(origin.x + layout.gutter_width, ruler_top), ImVec2(right, ruler_top + std::round(kRulerHeight * scale))};
  layout.runs_area = {ImVec2(origin.x, layout.ruler.max.y + gap), ImVec2(right, std::max(layout.ruler.max.y + gap, bottom))};
  if (run_count == 0) return layout;

  const float run_gap = std::round(kRunGap * scale);
  const float title_height = std::round(fonts.heading->FontSize + 2 * kTitlePadding * scale);
  const float n = static_cast<float>(run_count);
  const float least = title_height + std::round(kCompactLaneHeight * scale);
  const float height = std::max(least, std::floor((layout.runs_area.height() - run_gap * (n - 1)) / n));
  layout.content_height = n * height + (n - 1) * run_gap;
  layout.scroll_y = std::clamp(scroll_y, 0.0f, layout.max_scroll());
  for (std::size_t i = 0; i < run_count; ++i) {
    const float top = layout.runs_area.min.y - layout.scroll_y + static_cast<float>(i) * (height + run_gap);
    RunBlock block;
    block.frame = {ImVec2(origin.x, top), ImVec2(right, top + height)};
    block.title = {block.frame.min, ImVec2(right, top + title_height)};
    block.body = {ImVec2(origin.x, block.title.max.y), block.frame.max};
    layout.runs.push_back(block);
  }
  return layout;
}

// A run's thread lanes in its block's body: no toolbar, ruler, section headers, task lanes or
// legend. Lanes share the height, within [compact, the timeline's tallest]; past that they scroll.
// On its own time axis a run has a ruler of its own over its lanes; else the shared one is above.
TimelineLayout lanes_layout(const RunBlock& block, float gutter_width, const TimelineModel& model, float scroll_y, float scale,
                            bool own_ruler) {
  TimelineLayout layout;
  layout.scale = scale;
  const PanelRect& body = block.body;
  const float ruler_height = own_ruler ? std::min(std::round(kRulerHeight * 0.8f * scale), body.height() * 0.4f) : 0.0f;
  const float lanes_top = body.min.y + ruler_height;
  const ImVec2 plot_min(body.min.x + gutter_width, lanes_top);
  layout.toolbar = layout.legend = {body.min, body.min};
  layout.ruler = {ImVec2(plot_min.x, body.min.y), ImVec2(body.max.x, lanes_top)};
  layout.gutter = {ImVec2(body.min.x, lanes_top), ImVec2(plot_min.x, body.max.y)};
  layout.plot = {plot_min, body.max};
  layout.section_height = 0;
  layout.task_count = 0;
  layout.thread_count = static_cast<std::uint32_t>(model.threads.size());
  const float shared = layout.thread_count > 0 ? std::floor(layout.plot.height() / static_cast<float>(layout.thread_count)) : 0.0f;
  layout.thread_lane_height =
      std::clamp(shared, std::round(kCompactLaneHeight * scale), std::round(kThreadLaneHeight * kMaxLaneGrowth * scale));
  layout.content_height = static_cast<float>(layout.thread_count) * layout.thread_lane_height;
  layout.scroll_y = std::clamp(scroll_y, 0.0f, layout.max_scroll());
  return layout;
}

// The shared ruler as the painter sees it: a timeline with a ruler and no lanes.
TimelineLayout ruler_layout(const CompareLayout& compare, float scale) {
  TimelineLayout layout;
  layout.scale = scale;
  layout.ruler = compare.ruler;
  layout.gutter = {ImVec2(compare.header.min.x, compare.ruler.min.y), ImVec2(compare.ruler.min.x, compare.ruler.min.y)};
  layout.plot = {ImVec2(compare.ruler.min.x, compare.ruler.max.y), compare.ruler.max};
  layout.section_height = 0;
  return layout;
}

FrameRect frame_rect(const PanelRect& rect) { return {rect.min.x, rect.min.y, rect.width(), rect.height()}; }

const TimelineModel& model_for(CompareRun& run) {
  if (run.view.model == nullptr || !run.view.model->built_from(*run.trace)) {
    run.view.model = std::make_shared<const TimelineModel>(build_timeline_model(*run.trace));
  }
  return *run.view.model;
}

// ---------------------------------------------------------------------------------------------
// Input: one time window for every run

struct CompareInput {
  bool hovered = false;
  bool dragging = false;
  ImVec2 mouse;
};

int run_under(const std::vector<TimelineLayout>& lanes, const std::vector<bool>& has_lanes, ImVec2 p) {
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    if (!has_lanes[i]) continue;
    const PanelRect& plot = lanes[i].plot;
    if (p.y >= plot.min.y && p.y < plot.max.y && p.x >= lanes[i].gutter.min.x && p.x < plot.max.x) return static_cast<int>(i);
  }
  return -1;
}

// The wheel zooms around the pointer; over the labels (or with Ctrl) it scrolls the list of runs
// if it overflows, else the lanes of the run under the pointer. Dragging pans all runs in time and
// scrolls the lanes of the run it started on (or the list). F fits. `longest` bounds zoom and pan
// the way one run bounds them on the timeline.
CompareInput apply_compare_input(TimelineView& axis, CompareState& compare, const CompareLayout& layout,
                                 const std::vector<TimelineLayout>& lanes, const std::vector<bool>& has_lanes,
                                 const TimelineModel& longest) {
  ImGuiIO& io = ImGui::GetIO();
  CompareInput input;
  input.mouse = io.MousePos;
  const PanelRect& ruler = layout.ruler;
  const TimeWindow window{.start_ns = axis.start_ns, .end_ns = axis.end_ns, .width_px = std::max(1.0f, ruler.width())};
  const ImVec2 area_min(layout.header.min.x, ruler.min.y);
  const float bottom = layout.runs_area.max.y;
  if (ruler.max.x - area_min.x < 1 || bottom - area_min.y < 1) return input;
  ImGui::SetCursorScreenPos(area_min);
  ImGui::InvisibleButton("##compare-runs", ImVec2(ruler.max.x - area_min.x, bottom - area_min.y));
  input.hovered = ImGui::IsItemHovered();

  const auto scroll_list = [&](float by) { compare.scroll_y = std::clamp(layout.scroll_y + by, 0.0f, layout.max_scroll()); };
  const auto scroll = [&](int run, float by, bool list_first) {
    const bool run_scrolls = run >= 0 && lanes[static_cast<std::size_t>(run)].max_scroll() > 0;
    if (layout.max_scroll() > 0 && (list_first || !run_scrolls)) return scroll_list(by);
    if (!run_scrolls) return;
    const auto i = static_cast<std::size_t>(run);
    compare.runs[i].view.scroll_y = std::clamp(compare.runs[i].view.scroll_y + by, 0.0f, lanes[i].max_scroll());
  };
  const int hovered_run = layout.runs_area.contains(io.MousePos) ? run_under(lanes, has_lanes, io.MousePos) : -1;
  if (input.hovered && io.MouseWheel != 0) {
    const bool over_labels = io.MousePos.x < ruler.min.x;
    if (over_labels || io.KeyCtrl) {
      const float lane = hovered_run >= 0 ? lanes[static_cast<std::size_t>(hovered_run)].thread_lane_height
                                          : std::round(kCompactLaneHeight * layout.scale);
      scroll(hovered_run, -io.MouseWheel * kWheelScrollLanes * lane, true);
    } else {
      const float x = std::clamp(io.MousePos.x, ruler.min.x, ruler.max.x);
      zoom_around(axis, longest, window.ns_at(x - ruler.min.x), wheel_zoom_factor(io.MouseWheel));
    }
  }
  if (input.hovered && io.MouseWheelH != 0) pan_by(axis, longest, -io.MouseWheelH * 40.0 * window.ns_per_px());

  if (ImGui::IsItemActive()) {
    input.dragging = io.MouseDragMaxDistanceSqr[0] >= kClickSlopPx * kClickSlopPx;
    if (input.dragging && io.MouseDelta.x != 0) pan_by(axis, longest, -io.MouseDelta.x * window.ns_per_px());
    if (input.dragging && io.MouseDelta.y != 0) scroll(run_under(lanes, has_lanes, io.MouseClickedPos[0]), -io.MouseDelta.y, false);
  }
  if (!io.WantTextInput && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) && ImGui::IsKeyPressed(GLFW_KEY_F, false)) {
    compare.fit_requested = true;
  }
  return input;
}

// ---------------------------------------------------------------------------------------------
// Painting

float text_width(ImFont* font, float size, std::string_view text) {
  return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

void text_at(ImDrawList& draw, ImFont* font, float size, ImVec2 pos, ImU32 color, std::string_view text) {
  draw.AddText(font, size, ImVec2(std::round(pos.x), std::round(pos.y)), color, text.data(), text.data() + text.size());
}

// `text` cut to `max_width` with an ellipsis; empty when not even that fits.
std::string fitted(ImFont* font, float size, std::string_view text, float max_width) {
  if (text_width(font, size, text) <= max_width) return std::string(text);
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  std::size_t keep = text.size();
  while (keep > 0 && text_width(font, size, text.substr(0, keep)) + text_width(font, size, kEllipsis) > max_width) {
    --keep;
    while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;  // not inside a UTF-8 letter
  }
  return keep == 0 ? std::string() : std::string(text.substr(0, keep)) + std::string(kEllipsis);
}

// Title, a muted summary, and the Fit all and Close buttons at the right. True on Close.
bool draw_header(CompareState& compare, const PanelRect& header, const ThemeFonts& fonts, float scale) {
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImGuiStyle& style = ImGui::GetStyle();
  constexpr const char* kFit = "Fit all (F)";
  constexpr const char* kClose = "Close";
  const bool own = own_axes(compare);
  const char* axis_label = own ? "Axes: each run###axis" : "Axis: shared###axis";
  const float axis_w = ImGui::CalcTextSize(axis_label, nullptr, true).x + 2 * style.FramePadding.x;
  const float fit_w = ImGui::CalcTextSize(kFit).x + 2 * style.FramePadding.x;
  const float close_w = ImGui::CalcTextSize(kClose).x + 2 * style.FramePadding.x;
  const float buttons_x = header.max.x - close_w - style.ItemSpacing.x - fit_w - style.ItemSpacing.x - axis_w;

  const float heading = fonts.heading->FontSize;
  const std::string title = "Compare: " + compare.lesson_id;
  const float title_x = header.min.x + std::round(2.0f * scale);
  const float room = buttons_x - title_x - std::round(12.0f * scale);
  const std::string shown = fitted(fonts.heading, heading, title, room);
  text_at(draw, fonts.heading, heading, ImVec2(title_x, header.min.y + (header.height() - heading) * 0.5f), palette::kText, shown);
  const std::size_t runs = compare.runs.size();
  // A refused Add says why here, where the teacher is looking; else how many runs.
  const bool notice = !compare.notice.empty();
  const std::string summary = notice ? compare.notice : std::to_string(runs) + (runs == 1 ? " run" : " runs") + ", virtual clock";
  const float body = fonts.body->FontSize;
  const float summary_x = title_x + text_width(fonts.heading, heading, shown) + std::round(14.0f * scale);
  const std::string summary_shown = fitted(fonts.body, body, summary, title_x + room - summary_x);
  if (shown == title && !summary_shown.empty()) {
    text_at(draw, fonts.body, body, ImVec2(summary_x, header.min.y + (header.height() - body) * 0.5f),
            notice ? timeline_palette::kFailed : palette::kTextMuted, summary_shown);
  }

  ImGui::SetCursorScreenPos(ImVec2(buttons_x, header.min.y + std::round((header.height() - ImGui::GetFrameHeight()) * 0.5f)));
  if (ImGui::Button(axis_label)) compare.axis = own ? CompareAxis::Shared : CompareAxis::PerRun;
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(own ? "Each run stretched across the width, with its own ruler: short runs stay readable.\n"
                            "Click for one time axis shared by all runs."
                          : "All runs on one time axis: their lengths compare at a glance.\n"
                            "Click to give each run its own axis.");
  }
  ImGui::SameLine();
  if (ImGui::Button(kFit)) compare.fit_requested = true;
  ImGui::SameLine();
  return ImGui::Button(kClose);
}

// The block's frame and its label: "sequential — 2000 ms" large, then the parameters, muted.
void paint_title(ImDrawList& draw, const CompareRun& run, const RunBlock& block, const ThemeFonts& fonts, float scale) {
  const float r = std::round(4.0f * scale);
  draw.AddRectFilled(block.title.min, block.title.max, palette::kRaised, r, ImDrawFlags_RoundCornersTop);
  const float heading = fonts.heading->FontSize;
  const float body = fonts.body->FontSize;
  const float pad = std::round(10.0f * scale);
  const float right = block.title.max.x - pad;
  float x = block.title.min.x + pad;
  const float heading_y = block.title.min.y + (block.title.height() - heading) * 0.5f;
  const auto put = [&](ImFont* font, float size, float y, ImU32 color, std::string_view text, float after) {
    const std::string shown = fitted(font, size, text, right - x);
    text_at(draw, font, size, ImVec2(x, y), color, shown);
    x += text_width(font, size, shown) + after;
  };
  put(fonts.heading, heading, heading_y, palette::kText, run.label, std::round(8.0f * scale));
  const bool ran = run.trace != nullptr;
  put(fonts.heading, heading, heading_y, palette::kTextMuted, "\xE2\x80\x94", std::round(8.0f * scale));
  if (ran) put(fonts.heading, heading, heading_y, palette::kAccent, narrate_duration(run.total_ns), std::round(18.0f * scale));
  else put(fonts.heading, heading, heading_y, timeline_palette::kFailed, "did not run", std::round(18.0f * scale));
  // Baselines roughly level: the smaller text sits a little lower than centred.
  const float body_y = heading_y + (heading - body) * 0.7f;
  if (!run.error.empty() && ran) put(fonts.body, body, body_y, timeline_palette::kFailed, run.error, pad);
  else if (ran) put(fonts.body, body, body_y, palette::kTextMuted, run.detail, pad);
}

// Where the run ended: the rest of its lanes dimmed, an accent line, and the total on a tag.
void paint_run_end(ImDrawList& draw, const CompareRun& run, const TimelineLayout& lanes, const TimeWindow& window,
                   const ThemeFonts& fonts, float scale) {
  const PanelRect& plot = lanes.plot;
  const float x = std::round(plot.min.x + window.x_of(static_cast<double>(run.total_ns)));
  if (x > plot.max.x) return;
  draw.AddRectFilled(ImVec2(std::max(x, plot.min.x), plot.min.y), plot.max, with_alpha(palette::kBackdrop, 0.55f));
  if (x < plot.min.x) return;
  draw.AddLine(ImVec2(x, plot.min.y), ImVec2(x, plot.max.y), palette::kAccent, std::max(2.0f, std::round(2.0f * scale)));
  const std::string total = narrate_duration(run.total_ns);
  const float size = fonts.body->FontSize;
  const float pad = std::round(6.0f * scale);
  const float w = text_width(fonts.body, size, total) + 2 * pad;
  const float h = size + std::round(4.0f * scale);
  const float left = x + pad + w <= plot.max.x ? x + pad : x - pad - w;  // right of the line, or left where the plot ends
  const float top = plot.min.y + std::round(4.0f * scale);
  draw.AddRectFilled(ImVec2(left, top), ImVec2(left + w, top + h), palette::kAccent, std::round(3.0f * scale));
  text_at(draw, fonts.body, size, ImVec2(left + pad, top + std::round(2.0f * scale)), IM_COL32(10, 14, 20, 255), total);
}

// Under the label, a bar from 0 to the run's end on the shared axis: the runs' lengths as a bar chart.
void paint_total_bar(ImDrawList& draw, const CompareRun& run, const RunBlock& block, const PanelRect& plot,
                     const TimeWindow& window, float scale) {
  const float from = std::max(plot.min.x, std::round(plot.min.x + window.x_of(0.0)));
  const float to = std::min(plot.max.x, std::round(plot.min.x + window.x_of(static_cast<double>(run.total_ns))));
  if (to <= from) return;
  const float h = std::max(2.0f, std::round(3.0f * scale));
  draw.AddRectFilled(ImVec2(from, block.title.max.y - h), ImVec2(to, block.title.max.y), with_alpha(palette::kAccent, 0.85f));
}

void paint_list_scrollbar(ImDrawList& draw, const CompareLayout& layout) {
  if (layout.max_scroll() <= 0) return;
  const PanelRect& area = layout.runs_area;
  const float track = area.height();
  const float thumb = std::max(std::round(24.0f * layout.scale), track * track / layout.content_height);
  const float y = area.min.y + (track - thumb) * (layout.scroll_y / layout.max_scroll());
  const float w = std::round(6.0f * layout.scale);
  draw.AddRectFilled(ImVec2(area.max.x - w, y), ImVec2(area.max.x, y + thumb), IM_COL32(97, 107, 126, 200), w * 0.5f);
}

void paint_message(ImDrawList& draw, const PanelRect& body, const std::string& message, const ThemeFonts& fonts, float scale) {
  const float size = fonts.body->FontSize;
  const float pad = std::round(12.0f * scale);
  const std::string shown = fitted(fonts.body, size, message, body.width() - 2 * pad);
  text_at(draw, fonts.body, size, ImVec2(body.min.x + pad, body.min.y + pad), palette::kTextMuted, shown);
}


}  // namespace

// ---------------------------------------------------------------------------------------------

std::vector<CompareRun> run_comparison(const sc::Lesson& lesson, const sc::LessonSetup& current) {
  sc::LessonSetup yours = current;
  yours.runtime.clock = ClockKind::Virtual;
  std::vector<CompareRun> runs;
  bool yours_is_a_variant = false;
  for (const sc::Variant& variant : lesson.variants) {
    const sc::SetupParse parse = variant_setup(lesson, variant, current.runtime);
    yours_is_a_variant = yours_is_a_variant || (parse.ok() && same_setup(parse.setup, yours));
    runs.push_back(run_setup(lesson, variant.name, parse));
  }
  if (!yours_is_a_variant) runs.push_back(run_setup(lesson, std::string(kYourSettings), sc::SetupParse{.setup = yours, .error = {}}));
  return runs;
}

// "capacity=1, handler_ms=5": what the setup changes from the lesson's defaults, short enough for a
// run's label; "defaults" when it changes nothing but the runtime.
std::string label_of(const sc::Lesson& lesson, const sc::LessonSetup& setup) {
  const auto defaults = sc::params_as_text(lesson, sc::default_setup(lesson).params);
  std::string label;
  for (const auto& [key, value] : sc::params_as_text(lesson, setup.params)) {
    const auto same = std::find(defaults.begin(), defaults.end(), std::pair<std::string, std::string>(key, value));
    if (same != defaults.end()) continue;
    label += (label.empty() ? "" : ", ") + key + "=" + value;
  }
  return label.empty() ? std::string("defaults") : label;
}

bool add_to_comparison(CompareState& compare, const sc::Lesson& lesson, const sc::LessonSetup& setup) {
  sc::LessonSetup virtual_setup = setup;
  virtual_setup.runtime.clock = ClockKind::Virtual;
  // The same settings run the same on the virtual clock: a second row would only repeat the first.
  const auto same = std::find_if(compare.runs.begin(), compare.runs.end(), [&](const CompareRun& run) {
    return run.error.empty() && same_setup(run.setup, virtual_setup);
  });
  if (same != compare.runs.end()) {
    compare.notice = "Not added: \"" + same->label + "\" already runs these settings. Change a parameter, then add again.";
    return false;
  }
  compare.notice.clear();
  compare.runs.push_back(run_setup(lesson, label_of(lesson, virtual_setup), sc::SetupParse{.setup = virtual_setup, .error = {}}));
  compare.fit_requested = true;
  return true;
}

bool own_axes(const CompareState& compare) {
  if (compare.axis != CompareAxis::Auto) return compare.axis == CompareAxis::PerRun;
  std::uint64_t shortest = 0, longest = 0;
  for (const CompareRun& run : compare.runs) {
    if (run.trace == nullptr || run.total_ns == 0) continue;
    shortest = shortest == 0 ? run.total_ns : std::min(shortest, run.total_ns);
    longest = std::max(longest, run.total_ns);
  }
  return shortest > 0 && static_cast<double>(longest) > kOwnAxisRatio * static_cast<double>(shortest);
}

TimeWindow run_window(const CompareState& compare, const CompareRun& run, const TimeWindow& shared) {
  if (!own_axes(compare) || run.trace == nullptr) return shared;
  std::uint64_t longest = 0;
  for (const CompareRun& other : compare.runs) {
    if (other.trace != nullptr) longest = std::max(longest, other.total_ns);
  }
  if (longest == 0 || run.total_ns == 0) return shared;
  const double share = static_cast<double>(run.total_ns) / static_cast<double>(longest);
  return TimeWindow{.start_ns = shared.start_ns * share, .end_ns = shared.end_ns * share, .width_px = shared.width_px};
}

bool draw_compare_panel(CompareState& compare, const ThemeFonts& fonts, float ui_scale) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x <= 0 || avail.y <= 0) return false;
  CompareLayout layout = layout_compare(origin, avail, compare.runs.size(), fonts, ui_scale, compare.scroll_y);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const bool closed = draw_header(compare, layout.header, fonts, ui_scale);

  // Each run's model and lanes; the longest run bounds the shared window.
  const TimelineModel* longest = nullptr;
  std::vector<TimelineLayout> lanes(compare.runs.size());
  std::vector<bool> has_lanes(compare.runs.size(), false);
  const bool own = own_axes(compare);
  const auto lay_out_lanes = [&] {
    layout = layout_compare(origin, avail, compare.runs.size(), fonts, ui_scale, compare.scroll_y);
    compare.scroll_y = layout.scroll_y;
    for (std::size_t i = 0; i < compare.runs.size(); ++i) {
      if (!has_lanes[i]) continue;
      CompareRun& run = compare.runs[i];
      lanes[i] = lanes_layout(layout.runs[i], layout.gutter_width, *run.view.model, run.view.scroll_y, ui_scale, own);
      run.view.scroll_y = lanes[i].scroll_y;
    }
  };
  for (std::size_t i = 0; i < compare.runs.size(); ++i) {
    CompareRun& run = compare.runs[i];
    if (run.trace == nullptr) {
      run.view.model.reset();
      continue;
    }
    const TimelineModel& model = model_for(run);
    has_lanes[i] = true;
    if (longest == nullptr || model.run_end_ns > longest->run_end_ns) longest = &model;
  }
  lay_out_lanes();

  TimelineView axis;
  axis.start_ns = compare.start_ns;
  axis.end_ns = compare.end_ns;
  CompareInput input;
  if (longest != nullptr) {
    if (compare.fit_requested) fit_all(axis, *longest);
    clamp_view(axis, *longest);
    input = apply_compare_input(axis, compare, layout, lanes, has_lanes, *longest);
    if (compare.fit_requested) fit_all(axis, *longest);
    compare.fit_requested = false;
    compare.start_ns = axis.start_ns;
    compare.end_ns = axis.end_ns;
    lay_out_lanes();  // the input may have scrolled the list or a run
  }
  const TimeWindow window{.start_ns = axis.start_ns, .end_ns = axis.end_ns, .width_px = std::max(1.0f, layout.ruler.width())};
  const float mouse_x = input.hovered && input.mouse.x >= layout.ruler.min.x ? input.mouse.x : -1.0f;
  const TimeRuler ruler = make_time_ruler(window, kRulerLabelSpacing * ui_scale);  // its ticks are every run's grid

  if (longest != nullptr && own) {
    paint_message(draw, {ImVec2(layout.header.min.x, layout.ruler.min.y), layout.ruler.max},
                  "Each run on its own time axis (the same share of each run's length): see its ruler.", fonts, ui_scale);
  } else if (longest != nullptr) {
    const DrawItems no_items{.window = window, .rows = {}, .arrows = {}, .arrows_hidden = 0};
    const TimelineLayout ruler_only = ruler_layout(layout, ui_scale);
    const HoverTarget no_hover;
    paint_timeline(draw, PaintInput{.model = *longest, .items = no_items, .ruler = ruler, .layout = ruler_only, .view = axis,
                                    .fonts = fonts, .hover = no_hover, .mouse_x = mouse_x});
  } else if (compare.runs.empty()) {
    paint_message(draw, {ImVec2(origin.x, layout.ruler.min.y), ImVec2(origin.x + avail.x, origin.y + avail.y)},
                  "Nothing to compare yet: pick a lesson and choose Compare.", fonts, ui_scale);
  }

  Tooltip tooltip;
  const bool pointer_on_runs = input.hovered && !input.dragging && layout.runs_area.contains(input.mouse);
  draw.PushClipRect(layout.runs_area.min, layout.runs_area.max, true);
  for (std::size_t i = 0; i < compare.runs.size(); ++i) {
    CompareRun& run = compare.runs[i];
    const RunBlock& block = layout.runs[i];
    run.view.last_layout = TimelineFrameLayout{};
    if (block.frame.max.y <= layout.runs_area.min.y || block.frame.min.y >= layout.runs_area.max.y) continue;  // scrolled away
    draw.AddRectFilled(block.frame.min, block.frame.max, palette::kPanel, std::round(4.0f * ui_scale));
    if (has_lanes[i]) {
      const TimelineModel& model = *run.view.model;
      const TimeWindow mine = run_window(compare, run, window);
      run.view.start_ns = mine.start_ns;
      run.view.end_ns = mine.end_ns;
      run.view.show_task_lanes = false;
      run.view.show_arrows = false;
      run.view.selected_task = 0;
      DrawRequest request;
      request.arrows = false;
      const DrawItems items = prepare_draw_items(model, mine, request);
      HoverTarget hover;
      if (pointer_on_runs) hover = hit_test(model, items, lanes[i], input.mouse);
      const TimeRuler own_ruler = own ? make_time_ruler(mine, kRulerLabelSpacing * ui_scale) : TimeRuler{};
      paint_timeline(draw, PaintInput{.model = model, .items = items, .ruler = own ? own_ruler : ruler, .layout = lanes[i],
                                      .view = run.view, .fonts = fonts, .hover = hover, .mouse_x = mouse_x});
      draw.PushClipRect(lanes[i].plot.min, lanes[i].plot.max, true);
      paint_run_end(draw, run, lanes[i], mine, fonts, ui_scale);
      draw.PopClipRect();
      if (hover.kind != HoverKind::None) tooltip = describe(model, hover);

      TimelineFrameLayout& frame = run.view.last_layout;
      frame.drawn = true;
      frame.ruler = frame_rect(layout.ruler);
      frame.gutter = frame_rect(lanes[i].gutter);
      frame.plot = frame_rect(lanes[i].plot);
      for (std::uint32_t lane = 0; lane < lanes[i].thread_count; ++lane) {
        frame.thread_rows.push_back({lanes[i].thread_row_top(lane), lanes[i].thread_lane_height});
      }
    } else {
      paint_message(draw, block.body, run.error.empty() ? std::string("No trace.") : run.error, fonts, ui_scale);
    }
    paint_title(draw, run, block, fonts, ui_scale);
    if (has_lanes[i]) paint_total_bar(draw, run, block, lanes[i].plot, window, ui_scale);
    draw.AddRect(block.frame.min, block.frame.max, palette::kBorder, std::round(4.0f * ui_scale), 0, std::max(1.0f, ui_scale));
  }
  paint_list_scrollbar(draw, layout);
  draw.PopClipRect();
  show_tooltip(tooltip, fonts);

  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(avail);  // the panel's content size, for ImGui
  return closed;
}

nlohmann::ordered_json compare_json(const CompareState& compare) {
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  for (const CompareRun& run : compare.runs) {
    nlohmann::ordered_json entry;
    entry["label"] = run.label;
    entry["detail"] = run.detail;
    entry["total_ms"] = static_cast<double>(run.total_ns) / 1e6;
    entry["events"] = run.trace ? run.trace->events.size() : 0;
    entry["error"] = run.error.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(run.error);
    runs.push_back(std::move(entry));
  }
  return runs;
}

}  // namespace wakeline::app
