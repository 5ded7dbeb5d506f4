// The ruler picks its unit from the tick step; durations read the way a teacher says them.
#include <catch2/catch.hpp>

#include "timeline/time_ruler.hpp"

using namespace wakeline::app;

namespace {
TimeRuler ruler_for(double start_ns, double end_ns, float width = 1000) {
  return make_time_ruler(TimeWindow{.start_ns = start_ns, .end_ns = end_ns, .width_px = width}, 110.0f);
}
}  // namespace

TEST_CASE("the ruler picks ns, µs, ms or s so the numbers stay under 1000", "[timeline]") {
  CHECK(ruler_for(0, 200).unit == TimeUnit::Ns);
  CHECK(ruler_for(0, 50'000).unit == TimeUnit::Us);
  CHECK(ruler_for(0, 30e6).unit == TimeUnit::Ms);
  CHECK(ruler_for(0, 550e6).unit == TimeUnit::Ms);
  CHECK(ruler_for(0, 2e9).unit == TimeUnit::S);
  CHECK(ruler_for(0, 60e9).unit == TimeUnit::S);
  CHECK(ruler_for(6.9e6, 7.25e6).unit == TimeUnit::Ms);  // "7.1 ms", not "7100 µs"
  CHECK(to_string(TimeUnit::Us) == "\xC2\xB5s");
}

TEST_CASE("ruler ticks are 1, 2 or 5 x 10^k apart and labelled at least the spacing apart", "[timeline]") {
  const TimeRuler ruler = ruler_for(0, 2e9);
  CHECK(ruler.major_ns == 500e6);  // 2 ms per px: 110 px is 220 ms, the next nice step is 500 ms
  REQUIRE(ruler.major.size() == 5);
  CHECK(ruler.major[0].label == "0 s");
  CHECK(ruler.major[1].label == "0.5 s");
  CHECK(ruler.major[2].label == "1 s");
  CHECK(ruler.major[1].x - ruler.major[0].x >= 110.0f);
  CHECK(ruler.minor.size() == 16);  // four between each pair of labels
  CHECK(ruler.base_label.empty());
}

TEST_CASE("zoomed in far from zero, ticks count from a base time instead of spelling it out", "[timeline]") {
  const TimeRuler ruler = ruler_for(1.5e9, 1.5e9 + 2000);
  CHECK(ruler.unit == TimeUnit::Ns);
  CHECK(ruler.base_label == "1.5 s");
  REQUIRE_FALSE(ruler.major.empty());
  CHECK(ruler.major[0].label == "+0");
  CHECK(ruler.major[1].label == "+500 ns");
}

TEST_CASE("zoomed in, labels carry the decimals the step needs", "[timeline]") {
  const TimeRuler ruler = ruler_for(6.9e6, 7.25e6);
  CHECK(ruler.base_label.empty());
  REQUIRE(ruler.major.size() >= 3);
  CHECK(ruler.major[0].label == "6.9 ms");
  CHECK(ruler.major[1].label == "6.95 ms");
  CHECK(ruler.major[2].label == "7 ms");
}

TEST_CASE("nice steps", "[timeline]") {
  CHECK(nice_step(1) == 1);
  CHECK(nice_step(1.2) == 2);
  CHECK(nice_step(3) == 5);
  CHECK(nice_step(7) == 10);
  CHECK(nice_step(2e8) == Approx(2e8));
}

TEST_CASE("durations: three significant digits in the unit that fits", "[timeline]") {
  CHECK(format_duration(0) == "0 ns");
  CHECK(format_duration(5) == "5 ns");
  CHECK(format_duration(5000) == "5 \xC2\xB5s");
  CHECK(format_duration(30e6) == "30 ms");
  CHECK(format_duration(1.25e9) == "1.25 s");
  CHECK(format_duration(2000005000) == "2 s");
  CHECK(format_duration(999.7e3) == "1 ms");
  CHECK(format_duration(12.34e6) == "12.3 ms");
}

TEST_CASE("a point in time is shown to the resolution of a pixel", "[timeline]") {
  CHECK(format_time_at(849.3e6, 3e6) == "849 ms");
  CHECK(format_time_at(1.0000052e9, 10) == "1.0000052 s");
  CHECK(format_time_at(42, 1) == "42 ns");
}
