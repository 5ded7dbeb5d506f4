// How the app writes a count a class reads (events, tasks, wake arrows, polls): digits grouped in
// threes, "1,128,536", the same on the toolbar, the lanes, the panels and the notes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wakeline::app {

// 1234567 -> "1,234,567"; below 1000 the plain number.
std::string grouped(std::uint64_t n);

// "1 task", "200,000 tasks": the grouped count and the noun it takes.
std::string counted(std::uint64_t n, std::string_view one, std::string_view many);

}  // namespace wakeline::app
