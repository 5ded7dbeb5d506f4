// select: run several futures concurrently inside the calling task and return the first to
// finish; the others are dropped right there, which cancels whatever they were waiting on (a
// message still in flight stays in its channel). Branches are polled in the order written.
//
//   auto first = co_await select(cat_rx.recv(), dog_rx.recv());
//   if (first.index() == 0) ... std::get<0>(first) ...
#pragma once

#include <source_location>
#include <tuple>
#include <utility>
#include <stdexcept>
#include <variant>

#include "wakeline/detail/group.hpp"
#include "wakeline/detail/into_task.hpp"

namespace wakeline {

namespace detail {
template <typename... T>
class SelectGroup {
 public:
  using Result = std::variant<ValueOf<T>...>;

  SelectGroup(CombinatorKind kind, std::source_location loc, Task<T>... tasks)
      : group_(Group::Rule::First, kind, loc, sizeof...(T)) {
    add_all(std::index_sequence_for<T...>{}, std::move(tasks)...);
  }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { group_.start(h); }
  Result await_resume() {
    auto w = static_cast<std::size_t>(group_.winner);
    if (group_.errors[w]) std::rethrow_exception(group_.errors[w]);
    return take<0>(w);
  }
  std::size_t winner() const noexcept { return static_cast<std::size_t>(group_.winner); }

 private:
  template <std::size_t... I>
  void add_all(std::index_sequence<I...>, Task<T>... tasks) {
    (group_.add(run_branch<T>(std::move(tasks), std::get<I>(values_), group_.error_slot())), ...);
  }
  template <std::size_t I>
  Result take(std::size_t w) {
    if constexpr (I < sizeof...(T)) {
      if (w == I) return Result(std::in_place_index<I>, std::move(*std::get<I>(values_)));
      return take<I + 1>(w);
    } else {
      throw std::logic_error("select finished without a winner");
    }
  }
  std::tuple<std::optional<ValueOf<T>>...> values_;
  Group group_;
};
}  // namespace detail

template <typename... F>
struct [[nodiscard]] select : detail::SelectGroup<detail::AwaitResultT<F>...> {
  explicit select(F... futures, std::source_location loc = std::source_location::current())
      : detail::SelectGroup<detail::AwaitResultT<F>...>(CombinatorKind::Select, loc,
                                                         detail::into_task(std::move(futures))...) {}
};
template <typename... F>
select(F...) -> select<F...>;

}  // namespace wakeline
