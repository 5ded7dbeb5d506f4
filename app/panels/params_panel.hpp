// The Parameters panel (left, under the lessons): Run and Stop, what the last run came to, the
// lesson's variants as one-click presets, then one control per typed parameter (a slider over an
// int's range, a combo for a choice, a checkbox for a bool) and the runtime settings.
#pragma once

#include <cstdint>

#include "app_state.hpp"
#include "panels/theme.hpp"
#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/scenarios/params.hpp"

namespace wakeline::app {

enum class RunAction : std::uint8_t { None, Run, Stop };

// Edits `setup` in place; returns what the Run and Stop buttons asked for. `run` is the latest
// run's status, shown only if it was of this lesson; `now_s` (steady clock) times a running run.
RunAction draw_params_panel(const scenarios::Lesson& lesson, scenarios::LessonSetup& setup, const RunStatus& run,
                            double now_s, float ui_scale, ScreenMap& screen);

// The variant whose presets all match `setup`, or nullptr: that button is shown as chosen.
const scenarios::Variant* matching_variant(const scenarios::Lesson& lesson, const scenarios::LessonSetup& setup);

// `setup` with the variant's presets applied over the current values (a preset that picks a
// flavor also picks that flavor's default workers). Unchanged, with `error` set, if refused.
scenarios::LessonSetup apply_variant(const scenarios::Lesson& lesson, const scenarios::LessonSetup& setup,
                                     const scenarios::Variant& variant, std::string& error);

}  // namespace wakeline::app
