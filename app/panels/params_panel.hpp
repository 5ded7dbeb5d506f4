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
// run's status, shown only if it was of this lesson (and not while Reveal hides the outcome);
// `now_s` (steady clock) times a running run.
RunAction draw_params_panel(const scenarios::Lesson& lesson, scenarios::LessonSetup& setup, const RunStatus& run,
                            double now_s, float ui_scale, ScreenMap& screen, bool outcome_hidden = false);

// The variant `setup` is exactly (choosing it would change nothing), or nullptr for hand-made
// settings: that button is shown as chosen.
const scenarios::Variant* matching_variant(const scenarios::Lesson& lesson, const scenarios::LessonSetup& setup);

// `setup` with the variant chosen as a whole preset: every key any variant of the lesson sets takes
// this variant's value or the lesson's default (a flavor brings its default workers); other
// values the teacher changed stay. Unchanged, with `error` set, if refused.
scenarios::LessonSetup apply_variant(const scenarios::Lesson& lesson, const scenarios::LessonSetup& setup,
                                     const scenarios::Variant& variant, std::string& error);

}  // namespace wakeline::app
