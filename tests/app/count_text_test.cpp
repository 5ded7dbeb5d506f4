// How counts read on screen: grouped in threes wherever a class may meet a big one, so the note
// over a 200 000-task run says "1,128,536 wake arrows", like the toolbar's totals beside it.
#include <catch2/catch.hpp>

#include <cstdint>

#include "count_text.hpp"
#include "timeline/timeline_painter.hpp"

using namespace wakeline::app;

TEST_CASE("counts are grouped in threes from the right, and small ones stay plain", "[count_text]") {
  CHECK(grouped(0) == "0");
  CHECK(grouped(999) == "999");
  CHECK(grouped(1000) == "1,000");
  CHECK(grouped(48213) == "48,213");
  CHECK(grouped(1128536) == "1,128,536");
  CHECK(grouped(UINT64_MAX) == "18,446,744,073,709,551,615");
}

TEST_CASE("a count takes the noun for one or for many", "[count_text]") {
  CHECK(counted(1, "task", "tasks") == "1 task");
  CHECK(counted(0, "task", "tasks") == "0 tasks");
  CHECK(counted(200000, "task", "tasks") == "200,000 tasks");
}

TEST_CASE("the wake-arrows note of a zoomed-out big run groups its count like the toolbar", "[count_text][timeline]") {
  CHECK(hidden_arrows_note(1128536) == "1,128,536 wake arrows in view: zoom in to see them");
  CHECK(hidden_arrows_note(12) == "12 wake arrows in view: zoom in to see them");
  CHECK(hidden_arrows_note(1128536, false) == "1,128,536 wake arrows hidden: zoom in");
}
