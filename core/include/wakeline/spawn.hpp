// spawn(task, name): a new scheduled task, polled by the runtime's workers on its own;
// spawn_blocking(fn, name): a plain function run on the blocking pool's threads.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "wakeline/detail/context.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/task.hpp"

namespace wakeline {
namespace detail {

// Only a name other than the default costs a string of its own. Before the task is published.
inline void set_task_name(TaskHeader* cell, std::string name, std::string_view default_name = "task") {
  if (name != default_name) extras_of_unpublished(*cell).name = std::move(name);
}

// The cell's root strand resumes the user's Task itself: no wrapper coroutine (and no frame of
// its own) sits under it. The poll sees the end in frame.done(); settle() keeps the value.
template <typename T>
void start_task_cell(TaskCell<T>* cell, Task<T> task, std::string name) {
  if (!task.valid()) {
    cell->vt->destroy(cell);
    throw std::invalid_argument("spawn: the Task is empty (default-constructed or moved from); pass a Task returned by a coroutine");
  }
  set_task_name(cell, std::move(name));
  cell->frame = task.release();
  cell->root.task = cell;
  cell->root.resume = cell->frame;
  cell->push_ready_locked(&cell->root);
  cell->refs.store(2, std::memory_order_relaxed);  // the runtime's live list + the JoinHandle
}

template <typename T>
TaskCell<T>* make_task_cell(Task<T> task, std::string name) {
  auto* cell = new TaskCell<T>();
  start_task_cell(cell, std::move(task), std::move(name));
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
      extras_of(*cell).failure = std::make_unique<std::string>(describe_exception(std::current_exception()));
    }
  }
  static void destroy_blocking(TaskHeader* h) noexcept { delete static_cast<BlockingCell*>(h); }
  static constexpr TaskVTable blocking_vtable{nullptr, &TaskCell<R>::complete_cell, &destroy_blocking};
  BlockingCell() {
    this->vt = &blocking_vtable;
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
  detail::set_task_name(cell, std::move(name));
  cell->fn = std::move(fn);
  cell->refs.store(2, std::memory_order_relaxed);
  detail::submit_blocking(ctx, &cell->job, loc);
  return JoinHandle<R>(cell);
}

}  // namespace wakeline
