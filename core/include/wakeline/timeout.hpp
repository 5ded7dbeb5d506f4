// timeout(d, task): the task's value, or std::nullopt if `d` elapsed first (the task is then
// dropped, cancelling what it waited on). Built on select, like tokio::time::timeout; timeout_at
// takes the deadline as an instant instead.
#pragma once

#include <chrono>
#include <optional>
#include <source_location>

#include "wakeline/select.hpp"
#include "wakeline/time.hpp"

namespace wakeline {
namespace detail {
inline Task<void> deadline_timer(std::chrono::nanoseconds d, std::source_location loc) { co_await sleep(d, loc); }
inline Task<void> deadline_at(std::chrono::nanoseconds t, std::source_location loc) { co_await sleep_until(t, loc); }
}  // namespace detail

template <typename Rep, typename Period, typename T>
Task<std::optional<ValueOf<T>>> timeout(std::chrono::duration<Rep, Period> d, Task<T> task,
                                        std::source_location loc = std::source_location::current()) {
  auto ns = std::chrono::nanoseconds(detail::saturating_ns(d));  // timeout(hours::max(), ...) never elapses
  auto first = co_await detail::SelectGroup<T, void>(CombinatorKind::Timeout, loc, std::move(task),
                                                     detail::deadline_timer(ns, loc));
  if (first.index() == 0) co_return std::move(std::get<0>(first));
  co_return std::nullopt;
}

// timeout_at(t, task): like timeout, with the deadline given as an instant since the run's start
// (tokio::time::timeout_at). A deadline already past still polls the task once first.
template <typename Rep, typename Period, typename T>
Task<std::optional<ValueOf<T>>> timeout_at(std::chrono::duration<Rep, Period> t, Task<T> task,
                                           std::source_location loc = std::source_location::current()) {
  auto at = std::chrono::nanoseconds(detail::saturating_ns(t));
  auto first = co_await detail::SelectGroup<T, void>(CombinatorKind::Timeout, loc, std::move(task),
                                                     detail::deadline_at(at, loc));
  if (first.index() == 0) co_return std::move(std::get<0>(first));
  co_return std::nullopt;
}

}  // namespace wakeline
