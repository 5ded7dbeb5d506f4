#include "runtime/cpu_share.hpp"

#include <algorithm>
#include <cmath>

namespace wakeline::detail {

namespace {
// Work left below this is done: the rounding of a division, not a piece of work.
constexpr double kDoneBelowNs = 0.5;
constexpr std::uint64_t kNone = ~std::uint64_t{0};
}  // namespace

void CpuShare::advance(std::uint64_t t) {
  if (t <= updated_at) return;
  const double progress = static_cast<double>(t - updated_at) * speed();
  for (auto& d : busy) d->remaining_ns -= progress;
  updated_at = t;
}

std::shared_ptr<CpuDemand> CpuShare::start(std::uint64_t t, std::uint64_t work_ns, BlockingLane* lane) {
  advance(t);
  auto d = std::make_shared<CpuDemand>();
  d->remaining_ns = static_cast<double>(work_ns);
  d->lane = lane;
  busy.push_back(d);
  return d;
}

std::uint64_t CpuShare::projected_finish(const CpuDemand& d) const {
  if (d.remaining_ns <= kDoneBelowNs) return updated_at;
  // Rounded to the nearest nanosecond (at most half a nanosecond of work is then left, which
  // counts as done), and at least one nanosecond on, so the simulation always moves.
  const double left = d.remaining_ns / speed();
  return updated_at + std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(left)));
}

std::uint64_t CpuShare::next_finish() const {
  if (busy.empty()) return kNone;
  const auto least = std::min_element(busy.begin(), busy.end(),
                                      [](const auto& a, const auto& b) { return a->remaining_ns < b->remaining_ns; });
  return std::max(updated_at, projected_finish(**least));
}

std::vector<std::shared_ptr<CpuDemand>> CpuShare::finish_due(std::uint64_t t) {
  advance(t);
  std::vector<std::shared_ptr<CpuDemand>> done;
  // In start order, so same-instant finishes resume their threads in a fixed order.
  std::vector<std::shared_ptr<CpuDemand>> still_busy;
  for (auto& d : busy) {
    if (d->remaining_ns > kDoneBelowNs) {
      still_busy.push_back(std::move(d));
      continue;
    }
    d->done = true;
    d->done_at = updated_at;
    done.push_back(std::move(d));
  }
  busy.swap(still_busy);
  return done;
}

}  // namespace wakeline::detail
