#include <catch2/catch.hpp>

#include "wakeline/trace.hpp"

using namespace wakeline;

TEST_CASE("every event kind has a name that parses back to it", "[trace]") {
  for (int i = 0; i < kEventKindCount; ++i) {
    auto kind = static_cast<EventKind>(i);
    auto name = to_string(kind);
    REQUIRE(name != "?");
    REQUIRE(event_kind_from_string(name) == kind);
  }
  REQUIRE_FALSE(event_kind_from_string("no_such_event").has_value());
}
