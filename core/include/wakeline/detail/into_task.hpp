// Lets join/select take any awaitable (a Task, a channel recv, a JoinHandle, a sleep) by turning
// each into a Task of what awaiting it gives.
#pragma once

#include <type_traits>
#include <utility>

#include "wakeline/task.hpp"

namespace wakeline::detail {

template <typename A>
concept HasMemberCoAwait = requires(A&& a) { std::forward<A>(a).operator co_await(); };

template <typename A>
auto get_awaiter(A&& a) {
  if constexpr (HasMemberCoAwait<A>) return std::forward<A>(a).operator co_await();
  else return std::forward<A>(a);
}

template <typename A>
struct AwaitResult {
  using type = decltype(std::declval<std::decay_t<decltype(get_awaiter(std::declval<A>()))>&>().await_resume());
};
template <typename T>
struct AwaitResult<Task<T>> {
  using type = T;
};
template <typename A>
using AwaitResultT = typename AwaitResult<std::decay_t<A>>::type;

template <typename T>
Task<T> into_task(Task<T> task) {
  return task;
}

template <typename A>
Task<AwaitResultT<A>> into_task(A awaitable) {
  co_return co_await std::move(awaitable);
}

}  // namespace wakeline::detail
