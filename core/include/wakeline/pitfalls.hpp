// The pitfalls, on purpose: block_thread(d) is the OS sleep that freezes a worker (std::thread
// sleep in async code), cpu_work(d) is busy computation. Both are recorded as blocking spans on
// the lane they freeze; on the virtual clock they advance that lane by exactly d.
#pragma once

#include <chrono>
#include <source_location>

#include "wakeline/detail/context.hpp"
#include "wakeline/detail/saturating.hpp"

namespace wakeline {

template <typename Rep, typename Period>
void block_thread(std::chrono::duration<Rep, Period> d, std::source_location loc = std::source_location::current()) {
  detail::block_current_thread(detail::require_context("block_thread"),
                               std::chrono::nanoseconds(detail::saturating_ns(d)), BlockingKind::BlockThread, loc);
}

template <typename Rep, typename Period>
void cpu_work(std::chrono::duration<Rep, Period> d, std::source_location loc = std::source_location::current()) {
  detail::block_current_thread(detail::require_context("cpu_work"),
                               std::chrono::nanoseconds(detail::saturating_ns(d)), BlockingKind::CpuWork, loc);
}

}  // namespace wakeline
