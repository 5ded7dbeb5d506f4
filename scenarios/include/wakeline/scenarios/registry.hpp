// The lessons, in teaching order: one immutable table that the CLI (`wakeline list`, `run`), the
// lessons panel and the tests all read. Each entry comes from one file in scenarios/lessons/.
#pragma once

#include <string_view>
#include <vector>

#include "wakeline/scenarios/lesson.hpp"

namespace wakeline::scenarios {

const std::vector<Lesson>& lessons();

// The lesson with this id, or nullptr.
const Lesson* find_lesson(std::string_view id);

}  // namespace wakeline::scenarios
