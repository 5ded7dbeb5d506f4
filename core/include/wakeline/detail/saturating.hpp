// Duration arithmetic that saturates instead of wrapping: a sleep, timeout or block of
// nanoseconds::max() (or hours::max(), "forever") stays the far future, never a wrapped negative
// number that would fire at once. Tokio does the same (Instant::far_future).
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

namespace wakeline::detail {

inline constexpr std::int64_t kForeverNs = std::numeric_limits<std::int64_t>::max();

// Any duration in whole nanoseconds, clamped to what an int64 holds (a plain duration_cast of
// hours::max() overflows).
template <typename Rep, typename Period>
constexpr std::int64_t saturating_ns(std::chrono::duration<Rep, Period> d) {
  const long double wide = std::chrono::duration<long double, std::nano>(d).count();
  if (wide >= static_cast<long double>(kForeverNs)) return kForeverNs;
  if (wide <= static_cast<long double>(std::numeric_limits<std::int64_t>::min()))
    return std::numeric_limits<std::int64_t>::min();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
}

// t + d for an instant t >= 0 and a duration d (negative counts as 0), at most kForeverNs.
constexpr std::int64_t saturating_after(std::int64_t t, std::int64_t d) {
  if (d <= 0) return t;
  return d > kForeverNs - t ? kForeverNs : t + d;
}

}  // namespace wakeline::detail
