// spawn(task, name): a new scheduled task, polled by the runtime's workers on its own;
// spawn_blocking(fn, name): a plain function run on the blocking pool's threads.
#pragma once

#include <exception>
#include <functional>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>

#include "wakeline/detail/context.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/task.hpp"

namespace wakeline {
namespace detail {

// The coroutine at the bottom of every spawned task: it awaits the user's Task, keeps its value
// or exception in the cell, and marks the task finished for the worker that polls it.
struct RootCoroutine {
  struct promise_type {
    TaskHeader* header = nullptr;
    RootCoroutine get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        h.promise().header->finished.store(true, std::memory_order_release);
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

std::string describe_exception(std::exception_ptr error);

template <typename T>
RootCoroutine run_root(TaskCell<T>* cell, Task<T> user) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(user);
      cell->value.emplace();
    } else {
      cell->value.emplace(co_await std::move(user));
    }
  } catch (...) {
    cell->failure = describe_exception(std::current_exception());
  }
}

template <typename T>
TaskCell<T>* make_task_cell(Task<T> task, std::string name) {
  auto* cell = new TaskCell<T>();
  cell->name = std::move(name);
  auto root = run_root<T>(cell, std::move(task));
  root.handle.promise().header = cell;
  cell->frame = root.handle;
  cell->root.task = cell;
  cell->root.resume = root.handle;
  cell->push_ready_locked(&cell->root);
  cell->refs.store(2, std::memory_order_relaxed);  // the runtime's live list + the JoinHandle
  return cell;
}

template <typename R>
struct BlockingCell : TaskCell<R> {
  BlockingJob job;
  std::function<R()> fn;
  static void run_job(BlockingJob* job) {
    auto* cell = static_cast<BlockingCell*>(job->header);
    try {
      if constexpr (std::is_void_v<R>) {
        cell->fn();
        cell->value.emplace();
      } else {
        cell->value.emplace(cell->fn());
      }
    } catch (...) {
      cell->failure = describe_exception(std::current_exception());
    }
    cell->finished.store(true, std::memory_order_release);
  }
  static void destroy_blocking(TaskHeader* h) noexcept { delete static_cast<BlockingCell*>(h); }
  BlockingCell() {
    this->destroy = &destroy_blocking;
    job.header = this;
    job.run = &run_job;
  }
};

}  // namespace detail

template <typename T>
JoinHandle<T> spawn(Task<T> task, std::string name = "task",
                    std::source_location loc = std::source_location::current()) {
  auto& ctx = detail::require_context("spawn");
  auto* cell = detail::make_task_cell<T>(std::move(task), std::move(name));
  detail::spawn_header(ctx, cell, loc);
  return JoinHandle<T>(cell);
}

template <typename F, typename R = std::invoke_result_t<F>>
JoinHandle<R> spawn_blocking(F fn, std::string name = "blocking",
                             std::source_location loc = std::source_location::current()) {
  auto& ctx = detail::require_context("spawn_blocking");
  auto* cell = new detail::BlockingCell<R>();
  cell->name = std::move(name);
  cell->fn = std::move(fn);
  cell->refs.store(2, std::memory_order_relaxed);
  detail::submit_blocking(ctx, &cell->job, loc);
  return JoinHandle<R>(cell);
}

}  // namespace wakeline
