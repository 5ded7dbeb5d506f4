// What the timeline tests share: a lesson's trace (app_test_support.hpp) and the timeline's JSON
// dump of it, with lanes looked up by name.
#pragma once

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "app_test_support.hpp"
#include "timeline/timeline_view.hpp"
#include "timeline/ui_dump.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/validate.hpp"

namespace timeline_tests {

using namespace wakeline;
using namespace wakeline::app;
using nlohmann::json;

using app_tests::lesson_trace;

// The whole run on a 1000 px axis, task lanes and arrows on.
inline json fit_all_dump(const Trace& trace, float width_px = 1000.0f) {
  TimelineView view;  // fit_requested is set by default
  return json::parse(dump_ui_json(trace, view, width_px));
}

inline int lane_index(const json& dump, std::string_view name) {
  const json& lanes = dump.at("lanes");
  for (std::size_t i = 0; i < lanes.size(); ++i)
    if (lanes[i].at("name") == name) return static_cast<int>(i);
  FAIL("no lane named " << name);
  return -1;
}

inline bool has_lane(const json& dump, std::string_view name) {
  for (const json& lane : dump.at("lanes"))
    if (lane.at("name") == name) return true;
  return false;
}

// The spans on one lane of one kind ("poll", "blocking", "waiting_timer", ...), in time order.
inline std::vector<json> spans_of(const json& dump, int lane, std::string_view kind) {
  std::vector<json> out;
  for (const json& span : dump.at("spans"))
    if (span.at("lane") == lane && span.at("kind") == kind) out.push_back(span);
  return out;
}

inline std::vector<json> arrows_of(const json& dump, std::string_view kind) {
  std::vector<json> out;
  for (const json& arrow : dump.at("arrows"))
    if (arrow.at("kind") == kind) out.push_back(arrow);
  return out;
}

inline double ms(const json& value) { return value.get<double>() / 1e6; }

}  // namespace timeline_tests
