// The Lessons panel (left, top): every lesson's title to pick from (built-in, then scripts), and the chosen one's
// explanation of what to watch for on the timeline. Its parameters are the panel below it
// (params_panel.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/scenarios/script_lesson.hpp"

namespace wakeline::app {

// Returns the id of the lesson the user clicked, when it is not the chosen one already. The
// built-in lessons come first, then the script lessons under a heading of their own.
std::optional<std::string> draw_lessons_panel(const std::vector<scenarios::Lesson>& lessons,
                                              const std::vector<scenarios::ScriptLessonEntry>& scripts,
                                              const std::string& chosen_id, ScreenMap& screen);

}  // namespace wakeline::app
