// The ten lessons, one function per file in this folder, in teaching order; registry.cpp puts them
// in the table. Also what every lesson file shares: its own source text (embedded at build time by
// embed_lesson_sources.cmake) and how the lessons print elapsed time.
#pragma once

#include <chrono>
#include <string_view>

#include "wakeline/scenarios/lesson.hpp"
#include "wakeline/time.hpp"

namespace wakeline::scenarios {

Lesson sequential_vs_join_lesson();
Lesson select_race_lesson();
Lesson blocking_executor_lesson();
Lesson channel_ping_pong_lesson();
Lesson worker_queue_lesson();
Lesson spawn_blocking_analysis_lesson();
Lesson joinset_limit_lesson();
Lesson timeout_try_join_lesson();
Lesson lazy_future_lesson();
Lesson work_stealing_lesson();

// The text of scenarios/lessons/<file_name>, or empty if there is no such lesson file.
std::string_view lesson_source(std::string_view file_name);

// Whole milliseconds since the run started, on the run's clock (virtual or real).
inline long long elapsed_ms() { return std::chrono::duration_cast<std::chrono::milliseconds>(now()).count(); }

}  // namespace wakeline::scenarios
