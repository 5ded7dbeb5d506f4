// The time ruler: tick steps of 1, 2 or 5 x 10^k, labelled in the unit that keeps the numbers
// under 1000 (ns, µs, ms, s: "250 ms", "1.5 s", "7.1 ms"), and the duration format every tooltip
// and label uses ("30 ms", "1.25 s").
// Plain computation, no drawing: the painter draws what make_time_ruler returns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "timeline/time_window.hpp"

namespace wakeline::app {

enum class TimeUnit : std::uint8_t { Ns, Us, Ms, S };
std::string_view to_string(TimeUnit unit);  // "ns", "µs" (UTF-8), "ms", "s"
double ns_per(TimeUnit unit);               // 1, 1e3, 1e6, 1e9
// The largest unit that is at most `ns` (so the number shown is at least 1): 999 -> ns, 2e6 -> ms.
TimeUnit unit_for(double ns);

// Three significant digits at most, trailing zeros dropped: "30 ms", "1.25 s", "250 µs", "5 ns".
std::string format_duration(double ns);

// A point in time shown to `resolution_ns` (what one pixel is worth): "849 ms" at fit-all,
// "1.0000052 s" zoomed in. Trailing zeros dropped.
std::string format_time_at(double ns, double resolution_ns);

// The smallest 1, 2 or 5 x 10^k that is at least `raw`.
double nice_step(double raw);

struct RulerTick {
  double ns = 0;
  float x = 0;
  std::string label;  // empty on minor ticks
};

struct TimeRuler {
  TimeUnit unit = TimeUnit::Ms;  // of the labels (of the offsets, when base_label is set)
  double major_ns = 0;           // between labelled ticks
  double minor_ns = 0;
  std::vector<RulerTick> major;
  std::vector<RulerTick> minor;  // between the major ticks (major positions left out)
  // Zoomed in far from 0 the labels would need many digits, so they become offsets ("+200 ns")
  // from this absolute time, shown once at the ruler's left ("1.5000002 s"). Empty otherwise.
  std::string base_label;
};

inline constexpr int kMinorTicksPerMajor = 5;

// Ticks for the window, labelled at least `min_label_spacing_px` apart.
TimeRuler make_time_ruler(const TimeWindow& window, float min_label_spacing_px);

}  // namespace wakeline::app
