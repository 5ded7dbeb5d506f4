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

std::shared_ptr<const Trace> demo_trace_from_environment() {
  // Once per process: a debug flag, not app state.
  static const std::shared_ptr<const Trace> trace = [] {
    const char* request = std::getenv("WAKELINE_DEMO_LESSON");
    return request == nullptr || *request == '\0' ? nullptr : run_demo(request);
  }();
  return trace;
}

}  // namespace wakeline::app
