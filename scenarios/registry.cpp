#include "wakeline/scenarios/registry.hpp"

#include "lessons/lessons.hpp"

namespace wakeline::scenarios {

const std::vector<Lesson>& lessons() {
  // Built once, on first use, and never changed afterwards.
  static const std::vector<Lesson> table = {
      sequential_vs_join_lesson(),  select_race_lesson(),          blocking_executor_lesson(),
      channel_ping_pong_lesson(),   worker_queue_lesson(),         spawn_blocking_analysis_lesson(),
      joinset_limit_lesson(),       timeout_try_join_lesson(),     lazy_future_lesson(),
      work_stealing_lesson(),
  };
  return table;
}

const Lesson* find_lesson(std::string_view id) {
  for (const Lesson& lesson : lessons())
    if (lesson.id == id) return &lesson;
  return nullptr;
}

}  // namespace wakeline::scenarios
