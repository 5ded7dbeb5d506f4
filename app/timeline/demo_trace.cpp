#include "timeline/demo_trace.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

namespace wakeline::app {
namespace {

std::shared_ptr<const Trace> run_demo(const char* request) {
  std::istringstream words(request);
  std::string id;
  words >> id;
  std::vector<std::string> assignments;
  for (std::string word; words >> word;) assignments.push_back(word);
  const scenarios::Lesson* lesson = scenarios::find_lesson(id);
  if (lesson == nullptr) {
    std::fprintf(stderr, "wakeline: WAKELINE_DEMO_LESSON: no lesson '%s'\n", id.c_str());
    return nullptr;
  }
  const scenarios::SetupParse setup = scenarios::parse_setup(*lesson, scenarios::SetupRequest{{}, assignments});
  if (!setup.ok()) {
    std::fprintf(stderr, "wakeline: WAKELINE_DEMO_LESSON: %s\n", setup.error.c_str());
    return nullptr;
  }
  RunReport report = scenarios::run_lesson(*lesson, setup.setup.params, setup.setup.runtime);
  return std::make_shared<const Trace>(std::move(report.trace));
}

}  // namespace

const DemoRun& demo_run_from_environment() {
  // Once per process: a debug flag, not app state.
  static const DemoRun demo = [] {
    DemoRun run;
    const char* request = std::getenv("WAKELINE_DEMO_LESSON");
    if (request == nullptr || *request == '\0') return run;
    run.trace = run_demo(request);
    if (const char* window = std::getenv("WAKELINE_DEMO_WINDOW_MS")) {
      std::istringstream words(window);
      double from = 0, to = 0;
      if (words >> from >> to) {
        run.from_ns = from * 1e6;
        run.to_ns = to * 1e6;
      }
    }
    if (const char* task = std::getenv("WAKELINE_DEMO_SELECT")) run.selected_task = static_cast<TaskId>(std::strtoul(task, nullptr, 10));
    return run;
  }();
  return demo;
}

}  // namespace wakeline::app
