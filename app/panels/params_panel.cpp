#include "panels/params_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

#include "app_dump.hpp"
#include "panels/widgets.hpp"
#include "run_controller.hpp"

namespace wakeline::app {
namespace {

namespace sc = wakeline::scenarios;

constexpr ImU32 kWarning = IM_COL32(240, 176, 96, 255);  // deadlocks and failures: warm, not alarming
constexpr ImU32 kRunButton = IM_COL32(46, 110, 170, 255);
constexpr ImU32 kRunButtonHovered = IM_COL32(60, 130, 196, 255);
constexpr ImU32 kChosen = IM_COL32(52, 84, 118, 255);  // the variant matching the current values

// Sliders over ranges this wide (1 to 60000 ms) are logarithmic, so small values stay reachable.
constexpr double kLogarithmicRatio = 1000.0;

// ---- Run, Stop and the status line ----------------------------------------------------------

RunAction draw_run_buttons(const RunStatus& run, float ui_scale, ScreenMap& screen) {
  RunAction action = RunAction::None;
  const bool going = run.phase == RunPhase::Running || run.phase == RunPhase::Stopping;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float width = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
  const ImVec2 size(width, 34.0f * ui_scale);

  ImGui::BeginDisabled(going);
  ImGui::PushStyleColor(ImGuiCol_Button, kRunButton);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kRunButtonHovered);
  if (ImGui::Button("Run", size)) action = RunAction::Run;
  ImGui::PopStyleColor(2);
  ImGui::EndDisabled();
  note_last_item(screen, "button:Run");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Run the lesson with these settings (F5)");

  ImGui::SameLine();
  ImGui::BeginDisabled(run.phase != RunPhase::Running);
  if (ImGui::Button("Stop", size)) action = RunAction::Stop;
  ImGui::EndDisabled();
  note_last_item(screen, "button:Stop");
  return action;
}

void draw_status(const sc::Lesson& lesson, const RunStatus& run, double now_s, bool outcome_hidden) {
  if (run.phase == RunPhase::Idle || run.lesson_id != lesson.id) {
    muted_text_wrapped("Press Run to see this lesson on the timeline.");
    return;
  }
  if (outcome_hidden) {
    muted_text_wrapped("Reveal is on: how the run ends stays hidden until the playhead gets there.");
    return;
  }
  char text[128];
  switch (run.phase) {
    case RunPhase::Running:
      std::snprintf(text, sizeof text, "Running on the %s clock... %.1f s", std::string(to_string(run.clock)).c_str(),
                    std::max(0.0, now_s - run.started_at_s));
      ImGui::TextUnformatted(text);
      return;
    case RunPhase::Stopping:
      muted_text_wrapped("Stopping: cancelling the tasks that are left (a blocking call may take a moment to return).");
      return;
    case RunPhase::Deadlocked:
    case RunPhase::Failed:
      ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(run.headline.c_str());
      for (const std::string& line : run.details) ImGui::BulletText("%s", line.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
      return;
    default:
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(run.headline.c_str());
      ImGui::PopTextWrapPos();
      for (const std::string& line : run.details) muted_text_wrapped(line.c_str());
      return;
  }
}

// ---- Variants ------------------------------------------------------------------------------

void draw_variants(const sc::Lesson& lesson, sc::LessonSetup& setup, ScreenMap& screen) {
  if (lesson.variants.empty()) return;
  const sc::Variant* chosen = matching_variant(lesson, setup);
  const float right_edge = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (std::size_t i = 0; i < lesson.variants.size(); ++i) {
    const sc::Variant& variant = lesson.variants[i];
    // Buttons flow like words: a new line when the next one would not fit.
    const float width = ImGui::CalcTextSize(variant.name.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    if (i > 0) {
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + width > right_edge) ImGui::NewLine();
    }
    const bool is_chosen = &variant == chosen;
    if (is_chosen) ImGui::PushStyleColor(ImGuiCol_Button, kChosen);
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Button(variant.name.c_str())) {
      std::string error;
      setup = apply_variant(lesson, setup, variant, error);
    }
    ImGui::PopID();
    if (is_chosen) ImGui::PopStyleColor();
    note_last_item(screen, "variant:" + variant.name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", variant.label.c_str());
  }
  if (chosen != nullptr) muted_text_wrapped(chosen->label.c_str());
}

// ---- One row per parameter -----------------------------------------------------------------

// Where every row's pieces go: the key's column and the value's beside the slider.
struct Columns {
  float label = 0;
  float value = 0;
};

// The key on the left, the control filling the rest of the row; the key is what --set takes.
void row_label(const sc::ParamSpec& spec, float label_width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(spec.key.c_str());
  ImGui::SameLine(label_width);
  ImGui::SetNextItemWidth(-std::numeric_limits<float>::min());
}

void help_tooltip(const sc::ParamSpec& spec) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
  ImGui::TextUnformatted(spec.help.c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  ImGui::TextUnformatted(("Allowed: " + sc::describe_allowed(spec)).c_str());
  if (spec.kind == sc::ParamKind::Int) ImGui::TextUnformatted("Ctrl+click to type a value.");
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

std::string value_text(const sc::ParamSpec& spec, std::int64_t value) {
  return std::to_string(value) + (spec.unit.empty() ? "" : " " + spec.unit);
}

bool is_seed(const sc::ParamSpec& spec) { return spec.max - spec.min > 1'000'000'000; }

bool int_control(const sc::ParamSpec& spec, std::int64_t& value, float value_width, ScreenMap& screen) {
  if (is_seed(spec)) {  // a seed: no slider can aim that finely
    const std::int64_t step = 1;
    const bool changed = ImGui::InputScalar("##value", ImGuiDataType_S64, &value, &step, nullptr, "%lld");
    note_last_item(screen, "param:" + spec.key);
    return changed;
  }
  ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
  if (static_cast<double>(spec.max) / static_cast<double>(std::max<std::int64_t>(spec.min, 1)) >= kLogarithmicRatio) {
    flags |= ImGuiSliderFlags_Logarithmic;
  }
  // The value stands beside the slider, where its handle can never cover it; Ctrl+click still
  // types one (the slider then shows the number being typed). Every row keeps the same value column
  // (value_width), so the sliders line up.
  const std::string shown = value_text(spec, value);
  const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFrameHeight() * 2, ImGui::GetContentRegionAvail().x - value_width - spacing));
  const bool changed = ImGui::SliderScalar("##value", ImGuiDataType_S64, &value, &spec.min, &spec.max, "", flags);
  note_last_item(screen, "param:" + spec.key);
  help_tooltip(spec);
  ImGui::SameLine(0, spacing);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(shown.c_str());  // the row's help_tooltip follows for this part
  return changed;
}

// Returns true if the user changed the value. While a combo is open, its items are noted too.
bool param_control(const sc::ParamSpec& spec, sc::ParamValue& value, const Columns& columns, ScreenMap& screen) {
  ImGui::PushID(spec.key.c_str());
  row_label(spec, columns.label);
  bool changed = false;
  switch (spec.kind) {
    case sc::ParamKind::Int: {
      auto* number = std::get_if<std::int64_t>(&value);
      if (number != nullptr) changed = int_control(spec, *number, columns.value, screen);
      break;
    }
    case sc::ParamKind::Bool: {
      auto* flag = std::get_if<bool>(&value);
      if (flag != nullptr) changed = ImGui::Checkbox("##value", flag);
      note_last_item(screen, "param:" + spec.key);
      break;
    }
    case sc::ParamKind::Choice: {
      auto* choice = std::get_if<std::string>(&value);
      if (choice == nullptr) break;
      const bool open = ImGui::BeginCombo("##value", choice->c_str());
      note_last_item(screen, "param:" + spec.key);
      if (open) {
        for (const std::string& option : spec.choices) {
          if (ImGui::Selectable(option.c_str(), option == *choice)) {
            changed = option != *choice;
            *choice = option;
          }
          note_last_item(screen, "param:" + spec.key + "=" + option);
        }
        ImGui::EndCombo();
      }
      break;
    }
  }
  help_tooltip(spec);
  ImGui::PopID();
  return changed;
}

Columns column_widths(const std::vector<sc::ParamSpec>& specs, const std::vector<sc::ParamSpec>& runtime_specs) {
  float widest_key = 0;
  float widest_value = 0;
  for (const auto* list : {&specs, &runtime_specs}) {
    for (const sc::ParamSpec& spec : *list) {
      widest_key = std::max(widest_key, ImGui::CalcTextSize(spec.key.c_str()).x);
      if (spec.kind == sc::ParamKind::Int && !is_seed(spec)) {
        widest_value = std::max(widest_value, ImGui::CalcTextSize(value_text(spec, spec.max).c_str()).x);
      }
    }
  }
  const float column = widest_key + ImGui::GetStyle().ItemSpacing.x * 2;
  return {std::min(column, ImGui::GetContentRegionAvail().x * 0.45f), widest_value};
}

void section_heading(const char* text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  ImGui::Separator();
}

// The runtime settings are parameters too (params.hpp), but live in RuntimeSettings, not ParamValues.
void runtime_controls(const sc::Lesson& lesson, sc::RuntimeSettings& runtime, const std::vector<sc::ParamSpec>& specs,
                      const Columns& columns, ScreenMap& screen) {
  for (const sc::ParamSpec& spec : specs) {
    if (spec.key == "flavor") {
      sc::ParamValue value = std::string(to_string(runtime.flavor));
      ImGui::BeginDisabled(spec.choices.size() < 2);  // the lesson makes sense on one flavor only
      if (param_control(spec, value, columns, screen)) {
        runtime.flavor = std::get<std::string>(value) == "multi_thread" ? Flavor::MultiThread : Flavor::CurrentThread;
        runtime.workers = runtime.flavor == Flavor::MultiThread ? std::max<std::uint32_t>(lesson.default_workers, 2) : 1;
      }
      ImGui::EndDisabled();
    } else if (spec.key == "workers") {
      sc::ParamValue value = std::int64_t{runtime.workers};
      ImGui::BeginDisabled(runtime.flavor == Flavor::CurrentThread);  // always exactly one worker
      if (param_control(spec, value, columns, screen)) runtime.workers = static_cast<std::uint32_t>(std::get<std::int64_t>(value));
      ImGui::EndDisabled();
    } else if (spec.key == "clock") {
      sc::ParamValue value = std::string(to_string(runtime.clock));
      if (param_control(spec, value, columns, screen)) {
        runtime.clock = std::get<std::string>(value) == "real" ? ClockKind::Real : ClockKind::Virtual;
        if (runtime.clock == ClockKind::Real) runtime.cores = 0;  // only the virtual clock shares cores
      }
    } else if (spec.key == "seed") {
      sc::ParamValue value = static_cast<std::int64_t>(std::min<std::uint64_t>(runtime.seed, static_cast<std::uint64_t>(spec.max)));
      if (param_control(spec, value, columns, screen)) {
        runtime.seed = static_cast<std::uint64_t>(std::max<std::int64_t>(0, std::get<std::int64_t>(value)));
      }
    } else if (spec.key == "cores") {
      sc::ParamValue value = std::int64_t{runtime.cores};
      ImGui::BeginDisabled(runtime.clock == ClockKind::Real);  // the real clock has the machine's own
      if (param_control(spec, value, columns, screen)) runtime.cores = static_cast<std::uint32_t>(std::get<std::int64_t>(value));
      ImGui::EndDisabled();
    } else if (spec.key == "timer_tick") {
      sc::ParamValue value = std::int64_t{runtime.timer_tick_ms};
      if (param_control(spec, value, columns, screen)) {
        runtime.timer_tick_ms = static_cast<std::uint32_t>(std::get<std::int64_t>(value));
      }
    }
  }
}

// "multi_thread x2, virtual": short enough for the folded header at 100%.
std::string runtime_summary(const sc::RuntimeSettings& runtime) {
  std::string text(to_string(runtime.flavor));
  if (runtime.flavor == Flavor::MultiThread) text += " \xC3\x97" + std::to_string(runtime.workers);  // U+00D7
  text += ", " + std::string(to_string(runtime.clock));
  if (runtime.seed != 1) text += ", seed " + std::to_string(runtime.seed);
  if (runtime.cores != 0) text += ", " + std::to_string(runtime.cores) + " cores";
  if (runtime.timer_tick_ms != 0) text += ", " + std::to_string(runtime.timer_tick_ms) + " ms tick";
  return text;
}

// Every key some variant of the lesson sets: a variant is a whole preset over these, the others
// keeping their default. A flavor brings its own workers, so choosing one touches workers too.
std::vector<std::string> keys_variants_set(const sc::Lesson& lesson) {
  std::vector<std::string> keys;
  for (const sc::Variant& variant : lesson.variants) {
    for (const auto& preset : variant.presets) {
      if (std::find(keys.begin(), keys.end(), preset.first) == keys.end()) keys.push_back(preset.first);
    }
  }
  if (std::find(keys.begin(), keys.end(), "flavor") != keys.end() &&
      std::find(keys.begin(), keys.end(), "workers") == keys.end()) {
    keys.push_back("workers");
  }
  return keys;
}

}  // namespace

const sc::Variant* matching_variant(const sc::Lesson& lesson, const sc::LessonSetup& setup) {
  // Lit exactly when choosing the variant would change nothing.
  for (const sc::Variant& variant : lesson.variants) {
    std::string error;
    const sc::LessonSetup chosen = apply_variant(lesson, setup, variant, error);
    if (error.empty() && chosen.runtime == setup.runtime && chosen.params.entries == setup.params.entries) return &variant;
  }
  return nullptr;
}

sc::LessonSetup apply_variant(const sc::Lesson& lesson, const sc::LessonSetup& setup, const sc::Variant& variant,
                              std::string& error) {
  // What the teacher set by hand stays, except the keys the variants are about: those start from
  // the lesson's defaults, so choosing V after W gives the same run as choosing V alone.
  const std::vector<std::string> keys = keys_variants_set(lesson);
  std::vector<std::string> assignments = setup_assignments(lesson, setup);
  std::erase_if(assignments, [&](const std::string& assignment) {
    const std::string key = assignment.substr(0, assignment.find('='));
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  });
  const sc::SetupParse parse = sc::parse_setup(lesson, {variant.name, assignments});
  if (!parse.ok()) {
    error = parse.error;
    return setup;
  }
  return parse.setup;
}

RunAction draw_params_panel(const sc::Lesson& lesson, sc::LessonSetup& setup, const RunStatus& run, double now_s,
                            float ui_scale, ScreenMap& screen, bool outcome_hidden) {
  const RunAction action = draw_run_buttons(run, ui_scale, screen);
  ImGui::Spacing();
  draw_status(lesson, run, now_s, outcome_hidden);

  const std::vector<sc::ParamSpec> runtime_specs = sc::runtime_param_specs(lesson);
  const Columns columns = column_widths(lesson.params, runtime_specs);
  if (!lesson.variants.empty()) {
    section_heading("Variants");
    draw_variants(lesson, setup, screen);
  }
  if (!lesson.params.empty()) {
    section_heading("Parameters");
    for (const sc::ParamSpec& spec : lesson.params) {
      sc::ParamValue value = spec.default_value;
      if (const sc::ParamValue* current = setup.params.find(spec.key)) value = *current;
      if (param_control(spec, value, columns, screen)) setup.params.set(spec.key, value);
    }
  }
  // Folded by default: the variants set what a lesson needs, and the header still says what is chosen.
  ImGui::Spacing();
  // At large scales the header drops its "Runtime:" and then cuts the summary at a word with an
  // ellipsis (ImGui would clip it mid-letter); hovering the header shows all of it.
  const std::string summary = "Runtime: " + runtime_summary(setup.runtime);
  const float label_room =
      ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing() - ImGui::GetStyle().FramePadding.x;
  FittedText fitted = fit_text_lines(summary, label_room, 1);
  if (fitted.cut) {
    fitted = fit_text_lines(runtime_summary(setup.runtime), label_room, 1);
    fitted.cut = true;
  }
  const bool open = ImGui::CollapsingHeader((fitted.shown + "###runtime").c_str());
  note_last_item(screen, "section:runtime");
  if (fitted.cut && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", summary.c_str());
  if (open) runtime_controls(lesson, setup.runtime, runtime_specs, columns, screen);
  return action;
}

}  // namespace wakeline::app
