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

namespace detail {
template <typename... F>
struct [[nodiscard]] Select : SelectGroup<AwaitResultT<F>...> {
  Select(std::source_location loc, F... futures)
      : SelectGroup<AwaitResultT<F>...>(CombinatorKind::Select, loc, into_task(std::move(futures))...) {}
};
}  // namespace detail

// select is a set of functions, not a class, so that under `using namespace wakeline;` a call
// resolves to it instead of being ambiguous with POSIX ::select(int, fd_set*, ...): a function
// and a class of the same name cannot be told apart by lookup, two functions are told apart by
// their arguments. The call's source location is a defaulted last parameter, which cannot follow
// a deduced pack: hence one overload per number of branches, up to eight.
template <typename A>
detail::Select<A> select(A a, std::source_location loc = std::source_location::current()) {
  return {loc, std::move(a)};
}
template <typename A, typename B>
detail::Select<A, B> select(A a, B b, std::source_location loc = std::source_location::current()) {
  return {loc, std::move(a), std::move(b)};
}
template <typename A, typename B, typename C>
detail::Select<A, B, C> select(A a, B b, C c, std::source_location loc = std::source_location::current()) {
  return {loc, std::move(a), std::move(b), std::move(c)};
}
template <typename A, typename B, typename C, typename D>
detail::Select<A, B, C, D> select(A a, B b, C c, D d, std::source_location loc = std::source_location::current()) {
  return {loc, std::move(a), std::move(b), std::move(c), std::move(d)};
}
template <typename A, typename B, typename C, typename D, typename E>
detail::Select<A, B, C, D, E> select(A a, B b, C c, D d, E e,
                                     std::source_location loc = std::source_location::current()) {
  return {loc, std::move(a), std::move(b), std::move(c), std::move(d), std::move(e)};
}
template <typename A, typename B, typename C, typename D, typename E, typename F>
detail::Select<A, B, C, D, E, F> select(A a, B b, C c, D d, E e, F f,
                                        std::source_location loc = std::source_location::current()) {
  return {loc, std::move(a), std::move(b), std::move(c), std::move(d), std::move(e), std::move(f)};
}
template <typename A, typename B, typename C, typename D, typename E, typename F, typename G>
detail::Select<A, B, C, D, E, F, G> select(A a, B b, C c, D d, E e, F f, G g,
                                           std::source_location loc = std::source_location::current()) {
  return {loc, std::move(a), std::move(b), std::move(c), std::move(d), std::move(e), std::move(f), std::move(g)};
}
template <typename A, typename B, typename C, typename D, typename E, typename F, typename G, typename H>
detail::Select<A, B, C, D, E, F, G, H> select(A a, B b, C c, D d, E e, F f, G g, H h,
                                              std::source_location loc = std::source_location::current()) {
  return {loc,          std::move(a), std::move(b), std::move(c), std::move(d),
          std::move(e), std::move(f), std::move(g), std::move(h)};
}
// Nine branches and more (Tokio's select! takes up to 64): the same, recorded at this header's
// line, since no defaulted location can follow the pack.
template <typename... F>
  requires(sizeof...(F) > 8)
detail::Select<F...> select(F... futures) {
  return {std::source_location::current(), std::move(futures)...};
}

}  // namespace wakeline
