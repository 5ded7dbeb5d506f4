#include "timeline/time_ruler.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace wakeline::app {
namespace {

// Labels that would need more decimals than this switch the ruler to offsets from a base.
constexpr int kMaxLabelDecimals = 3;

// Decimals that show a multiple of `step_ns` exactly in `unit`: 500 ms in s needs 1.
int decimals_for(double step_ns, TimeUnit unit) {
  return std::max(0, static_cast<int>(std::ceil(std::log10(ns_per(unit) / step_ns) - 1e-9)));
}

// `value` with at most `decimals` decimals, trailing zeros (and a bare point) dropped.
std::string trimmed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text(buffer);
  if (text.find('.') != std::string::npos) {
    while (!text.empty() && text.back() == '0') text.pop_back();
    if (!text.empty() && text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

std::string with_unit(const std::string& number, TimeUnit unit) { return number + " " + std::string(to_string(unit)); }

}  // namespace

std::string_view to_string(TimeUnit unit) {
  static constexpr std::array<std::string_view, 4> names = {"ns", "\xC2\xB5s", "ms", "s"};
  const auto index = static_cast<std::size_t>(unit);
  return index < names.size() ? names[index] : std::string_view("?");
}

double ns_per(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::Ns: return 1.0;
    case TimeUnit::Us: return 1e3;
    case TimeUnit::Ms: return 1e6;
    case TimeUnit::S: return 1e9;
  }
  return 1.0;
}

TimeUnit unit_for(double ns) {
  const double magnitude = std::fabs(ns);
  if (magnitude >= 1e9) return TimeUnit::S;
  if (magnitude >= 1e6) return TimeUnit::Ms;
  if (magnitude >= 1e3) return TimeUnit::Us;
  return TimeUnit::Ns;
}

std::string format_duration(double ns) {
  if (!std::isfinite(ns)) return "?";
  TimeUnit unit = unit_for(ns);
  double value = ns / ns_per(unit);
  // 999.7 µs would round to "1000 µs": say "1 ms" instead.
  if (std::fabs(value) >= 999.5 && unit != TimeUnit::S) {
    unit = static_cast<TimeUnit>(static_cast<int>(unit) + 1);
    value = ns / ns_per(unit);
  }
  const double magnitude = std::fabs(value);
  const int decimals = unit == TimeUnit::Ns ? 0 : magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return with_unit(trimmed(value, decimals), unit);
}

std::string format_time_at(double ns, double resolution_ns) {
  if (!std::isfinite(ns)) return "?";
  const double resolution = resolution_ns > 1e-3 ? resolution_ns : 1e-3;
  const TimeUnit unit = unit_for(std::max(std::fabs(ns), resolution));
  const int decimals = static_cast<int>(std::ceil(std::log10(ns_per(unit) / resolution) - 1e-9));
  return with_unit(trimmed(ns / ns_per(unit), std::clamp(decimals, 0, 9)), unit);
}

double nice_step(double raw) {
  if (!(raw > 0)) return 1.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (factor * magnitude >= raw * (1 - 1e-12)) return factor * magnitude;
  }
  return 10.0 * magnitude;
}

TimeRuler make_time_ruler(const TimeWindow& window, float min_label_spacing_px) {
  TimeRuler ruler;
  const double spacing = min_label_spacing_px > 1 ? min_label_spacing_px : 1.0;
  // Nothing below 1 ns: the trace has no finer times.
  ruler.major_ns = std::max(1.0, nice_step(spacing * window.ns_per_px()));
  ruler.minor_ns = ruler.major_ns >= kMinorTicksPerMajor ? ruler.major_ns / kMinorTicksPerMajor : ruler.major_ns;
  // Labels in the unit that keeps the largest visible time under 1000: "1.5 s", not "1500 ms".
  ruler.unit = unit_for(std::max({std::fabs(window.start_ns), std::fabs(window.end_ns), ruler.major_ns}));
  int decimals = decimals_for(ruler.major_ns, ruler.unit);

  const double first_major = std::ceil(window.start_ns / ruler.major_ns) * ruler.major_ns;
  const bool offsets = decimals > kMaxLabelDecimals;
  if (offsets) {
    // Zoomed in far from 0: the first labelled tick in full, once; the others as "+200 ns".
    const TimeUnit base_unit = unit_for(first_major);
    ruler.base_label = with_unit(trimmed(first_major / ns_per(base_unit), decimals_for(ruler.major_ns, base_unit)), base_unit);
    ruler.unit = unit_for(ruler.major_ns);
    decimals = 0;
  }
  const double unit_ns = ns_per(ruler.unit);

  const std::int64_t first_index = static_cast<std::int64_t>(std::llround(first_major / ruler.major_ns));
  for (std::int64_t i = first_index;; ++i) {
    const double ns = static_cast<double>(i) * ruler.major_ns;
    if (ns > window.end_ns) break;
    RulerTick tick;
    tick.ns = ns;
    tick.x = window.x_of(ns);
    if (offsets) {
      const double offset = ns - first_major;
      tick.label = "+";
      tick.label += offset == 0 ? std::string("0") : with_unit(trimmed(offset / unit_ns, 0), ruler.unit);
    } else {
      tick.label = with_unit(trimmed(ns / unit_ns, decimals), ruler.unit);
    }
    ruler.major.push_back(std::move(tick));
    if (ruler.major.size() > 10000) break;  // a degenerate window; never happens on screen
  }
  if (ruler.minor_ns < ruler.major_ns) {
    const double first_minor = std::ceil(window.start_ns / ruler.minor_ns) * ruler.minor_ns;
    for (std::int64_t i = std::llround(first_minor / ruler.minor_ns);; ++i) {
      if (i % kMinorTicksPerMajor == 0) continue;
      const double ns = static_cast<double>(i) * ruler.minor_ns;
      if (ns > window.end_ns || ruler.minor.size() > 50000) break;
      RulerTick tick;
      tick.ns = ns;
      tick.x = window.x_of(ns);
      ruler.minor.push_back(std::move(tick));
    }
  }
  return ruler;
}

}  // namespace wakeline::app
