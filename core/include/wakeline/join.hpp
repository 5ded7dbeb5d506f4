// join, try_join and join_all: drive several futures concurrently *inside the calling task*.
// Their polls interleave on the one worker running that task; nothing runs in parallel (that is
// what spawn is for). join waits for all and rethrows the first exception after all ended;
// try_join stops at the first exception, cancels the rest and rethrows it.
//
//   auto [a, b] = co_await join(fetch("a"), fetch("b"));
#pragma once

#include <source_location>
#include <tuple>
#include <utility>
#include <vector>

#include "wakeline/detail/group.hpp"
#include "wakeline/detail/into_task.hpp"

namespace wakeline {
namespace detail {

template <typename... T>
class TupleGroup {
 public:
  TupleGroup(Group::Rule rule, CombinatorKind kind, std::source_location loc, Task<T>... tasks)
      : group_(rule, kind, loc, sizeof...(T)) {
    add_all(std::index_sequence_for<T...>{}, std::move(tasks)...);
  }
  bool await_ready() const noexcept { return sizeof...(T) == 0; }
  void await_suspend(std::coroutine_handle<> h) { group_.start(h); }
  std::tuple<ValueOf<T>...> await_resume() {
    if (group_.first_error >= 0) std::rethrow_exception(group_.errors[static_cast<std::size_t>(group_.first_error)]);
    return take(std::index_sequence_for<T...>{});
  }

 private:
  template <std::size_t... I>
  void add_all(std::index_sequence<I...>, Task<T>... tasks) {
    (group_.add(run_branch<T>(std::move(tasks), std::get<I>(values_), group_.error_slot())), ...);
  }
  template <std::size_t... I>
  std::tuple<ValueOf<T>...> take(std::index_sequence<I...>) {
    return std::tuple<ValueOf<T>...>(std::move(*std::get<I>(values_))...);
  }
  std::tuple<std::optional<ValueOf<T>>...> values_;
  Group group_;  // declared last: destroyed first, before the values its branches write to
};

}  // namespace detail

template <typename... F>
struct [[nodiscard]] join : detail::TupleGroup<detail::AwaitResultT<F>...> {
  explicit join(F... futures, std::source_location loc = std::source_location::current())
      : detail::TupleGroup<detail::AwaitResultT<F>...>(detail::Group::Rule::All, CombinatorKind::Join, loc,
                                                        detail::into_task(std::move(futures))...) {}
};
template <typename... F>
join(F...) -> join<F...>;

template <typename... F>
struct [[nodiscard]] try_join : detail::TupleGroup<detail::AwaitResultT<F>...> {
  explicit try_join(F... futures, std::source_location loc = std::source_location::current())
      : detail::TupleGroup<detail::AwaitResultT<F>...>(detail::Group::Rule::FirstError, CombinatorKind::TryJoin, loc,
                                                        detail::into_task(std::move(futures))...) {}
};
template <typename... F>
try_join(F...) -> try_join<F...>;

// join over a runtime-sized list; results in the list's order.
template <typename T>
class [[nodiscard]] join_all {
 public:
  explicit join_all(std::vector<Task<T>> tasks, std::source_location loc = std::source_location::current())
      : values_(tasks.size()), group_(detail::Group::Rule::All, CombinatorKind::Join, loc, tasks.size()) {
    for (std::size_t i = 0; i < tasks.size(); ++i)
      group_.add(detail::run_branch<T>(std::move(tasks[i]), values_[i], group_.error_slot()));
  }
  bool await_ready() const noexcept { return group_.size() == 0; }
  void await_suspend(std::coroutine_handle<> h) { group_.start(h); }
  std::vector<ValueOf<T>> await_resume() {
    if (group_.first_error >= 0) std::rethrow_exception(group_.errors[static_cast<std::size_t>(group_.first_error)]);
    std::vector<ValueOf<T>> out;
    out.reserve(values_.size());
    for (auto& v : values_) out.push_back(std::move(*v));
    return out;
  }

 private:
  std::vector<std::optional<ValueOf<T>>> values_;
  detail::Group group_;
};

}  // namespace wakeline
