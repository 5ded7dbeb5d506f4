// JoinSet<T>: a group of spawned tasks whose results come back in the order the tasks finish.
// join_next gives the next one to end (its value, or a JoinError if it was cancelled or threw)
// and std::nullopt once the set is empty. Dropping the set aborts every task still in it.
// Use a JoinSet from one task: the task that owns it spawns into it and joins from it.
//
//   JoinSet<std::string> set;
//   for (auto& url : urls) set.spawn(fetch(url), url);
//   while (auto done = co_await set.join_next()) use(done->value());
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>

#include "wakeline/detail/context.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/task.hpp"

namespace wakeline {
namespace detail {

// Shared by a JoinSet and its tasks: the ids of tasks that ended, in the order they ended, and
// the join_next waiting for the next one.
struct JoinSetQueue {
  SpinLock lock;
  std::deque<TaskId> finished;
  Waker waiter;
  std::source_location waiter_loc;
};

// A spawned task's cell that, when the runtime completes it (completed, cancelled or failed),
// also posts its id to the set's queue. Hooking the cell's completion rather than wrapping the
// user's Task keeps the task itself unchanged in the trace and its JoinError exactly the
// runtime's. Built the way make_task_cell (spawn.hpp) builds a plain cell.
template <typename T>
struct JoinSetCell : TaskCell<T> {
  std::shared_ptr<JoinSetQueue> queue;

  static void destroy_join_set_cell(TaskHeader* h) noexcept { delete static_cast<JoinSetCell*>(h); }
  static void complete_join_set_cell(TaskHeader* h, int outcome) {
    TaskCell<T>::complete_cell(h, outcome);
    auto* cell = static_cast<JoinSetCell*>(h);
    JoinSetQueue& q = *cell->queue;
    std::lock_guard guard(q.lock);
    q.finished.push_back(cell->id);
    Context* ctx = current_context();
    if (q.waiter && ctx && ctx->rt)
      wake(*ctx, std::exchange(q.waiter, Waker{}), WakeCause::Task, cell->id, q.waiter_loc);
  }

  static constexpr TaskVTable join_set_vtable{&TaskCell<T>::settle_cell, &complete_join_set_cell, &destroy_join_set_cell};

  JoinSetCell() { this->vt = &join_set_vtable; }
};

template <typename T>
JoinSetCell<T>* make_join_set_cell(Task<T> task, std::string name, std::shared_ptr<JoinSetQueue> queue) {
  auto* cell = new JoinSetCell<T>();
  cell->queue = std::move(queue);
  start_task_cell<T>(cell, std::move(task), std::move(name));  // refs: the live list + the set's JoinHandle
  return cell;
}

}  // namespace detail

template <typename T>
class JoinSet;

// Awaiting the next task of a set to end. The result is taken only in await_resume, so a
// join_next dropped before it returns (select lost) leaves it for the next one.
template <typename T, typename Result>
class [[nodiscard]] JoinNextFuture {
 public:
  JoinNextFuture(JoinSet<T>& set, std::source_location loc) : set_(&set), loc_(loc) {}
  JoinNextFuture(JoinNextFuture&& o) noexcept : set_(o.set_), loc_(o.loc_) {}  // only before it is awaited
  JoinNextFuture(const JoinNextFuture&) = delete;
  JoinNextFuture& operator=(const JoinNextFuture&) = delete;
  ~JoinNextFuture() {
    if (!registered_) return;
    std::lock_guard guard(queue().lock);
    queue().waiter = {};
  }

  bool await_ready() {
    ctx_ = &detail::require_context("join_next");
    if (set_->entries_.empty()) return true;
    std::lock_guard guard(queue().lock);
    if (queue().finished.empty()) return false;
    return detail::take_budget(*ctx_) ? true : (yield_after_ = true, false);
  }
  bool await_suspend(std::coroutine_handle<> h) {
    if (yield_after_) {
      detail::defer_yield(*ctx_, h, loc_);
      return true;
    }
    auto& q = queue();
    std::lock_guard guard(q.lock);
    if (!q.finished.empty()) {  // ended on another thread since await_ready
      if (detail::take_budget(*ctx_)) return false;
      detail::defer_yield(*ctx_, h, loc_);
      return true;
    }
    // For the deadlock report: the oldest task of the set stands for all of them. The set's size
    // goes into the trace: whichever task ends first wakes this wait, not the oldest.
    const detail::WaitInfo wait{.kind = detail::WaitKind::Join, .object = set_->entries_.begin()->first,
                                .set_size = static_cast<std::uint32_t>(set_->entries_.size())};
    q.waiter = detail::suspend_current(*ctx_, h, wait, loc_);
    q.waiter_loc = loc_;
    registered_ = true;
    return true;
  }
  std::optional<Result> await_resume() {
    if (registered_) {
      std::lock_guard guard(queue().lock);
      queue().waiter = {};
      registered_ = false;
    }
    auto next = set_->take_next();
    if (!next) return std::nullopt;
    if constexpr (std::is_same_v<Result, JoinResult<T>>) return std::move(next->second);
    else return std::move(*next);
  }

 private:
  detail::JoinSetQueue& queue() const { return *set_->queue_; }

  JoinSet<T>* set_;
  std::source_location loc_;
  detail::Context* ctx_ = nullptr;
  bool registered_ = false;
  bool yield_after_ = false;
};

template <typename T>
class JoinSet {
 public:
  JoinSet() : queue_(std::make_shared<detail::JoinSetQueue>()) {}
  JoinSet(JoinSet&& o) noexcept
      : entries_(std::exchange(o.entries_, {})),
        queue_(std::exchange(o.queue_, std::make_shared<detail::JoinSetQueue>())) {}
  JoinSet& operator=(JoinSet&& o) noexcept {
    if (this != &o) {
      abort_all();
      entries_ = std::exchange(o.entries_, {});
      queue_ = std::exchange(o.queue_, std::make_shared<detail::JoinSetQueue>());
    }
    return *this;
  }
  JoinSet(const JoinSet&) = delete;
  JoinSet& operator=(const JoinSet&) = delete;
  // Like Tokio: the tasks still in the set are aborted, not left running.
  ~JoinSet() { abort_all(); }

  // Spawns the task into the set (as wakeline::spawn does) and returns its id.
  TaskId spawn(Task<T> task, std::string name = "task", std::source_location loc = std::source_location::current()) {
    auto& ctx = detail::require_context("JoinSet::spawn");
    auto* cell = detail::make_join_set_cell<T>(std::move(task), std::move(name), queue_);
    detail::spawn_header(ctx, cell, loc);
    TaskId id = cell->id;
    entries_.emplace(id, Entry{JoinHandle<T>(cell), cell});
    return id;
  }

  // The next task to end: its value or JoinError; std::nullopt when the set is empty.
  JoinNextFuture<T, JoinResult<T>> join_next(std::source_location loc = std::source_location::current()) {
    return JoinNextFuture<T, JoinResult<T>>(*this, loc);
  }
  // join_next, with the id spawn returned.
  JoinNextFuture<T, std::pair<TaskId, JoinResult<T>>> join_next_with_id(
      std::source_location loc = std::source_location::current()) {
    return JoinNextFuture<T, std::pair<TaskId, JoinResult<T>>>(*this, loc);
  }
  // A task that has already ended, without waiting; std::nullopt if none has.
  std::optional<JoinResult<T>> try_join_next() {
    auto next = take_next();
    if (!next) return std::nullopt;
    return std::move(next->second);
  }

  // Cancels every task at its next suspension; each still comes back from join_next, cancelled
  // (or with its result, if it ended first).
  void abort_all() {
    for (auto& [id, entry] : entries_) entry.handle.abort();
  }
  // Lets every task run on unwatched; the set is empty afterwards.
  void detach_all() {
    entries_.clear();
    // Tasks already ended or ending later post to the old queue, which they alone still hold.
    queue_ = std::make_shared<detail::JoinSetQueue>();
  }
  // Aborts every task and waits until all have ended.
  Task<> shutdown() {
    abort_all();
    // Not `while (co_await join_next())`: GCC 12.2 miscompiles a co_await in a loop or if
    // condition in a coroutine that has no local variable (PR c++/106188).
    for (;;) {
      auto done = co_await join_next();
      if (!done) break;
    }
  }

  // Tasks in the set: running, or ended and not yet returned by join_next.
  std::size_t len() const noexcept { return entries_.size(); }
  bool is_empty() const noexcept { return entries_.empty(); }

 private:
  template <typename, typename>
  friend class JoinNextFuture;

  struct Entry {
    JoinHandle<T> handle;  // keeps the cell alive; abort goes through it
    detail::TaskCell<T>* cell;
  };

  // The oldest ended task's id and result, removed from the set.
  std::optional<std::pair<TaskId, JoinResult<T>>> take_next() {
    TaskId id = 0;
    {
      std::lock_guard guard(queue_->lock);
      if (queue_->finished.empty()) return std::nullopt;
      id = queue_->finished.front();
      queue_->finished.pop_front();
    }
    auto it = entries_.find(id);  // always there: only tasks of this set post to its queue
    std::optional<std::pair<TaskId, JoinResult<T>>> out;
    {
      auto* cell = it->second.cell;
      std::lock_guard guard(cell->result_lock);
      out.emplace(id, cell->take_result());
    }
    entries_.erase(it);
    return out;
  }

  std::map<TaskId, Entry> entries_;  // ordered by id: the oldest first
  std::shared_ptr<detail::JoinSetQueue> queue_;
};

}  // namespace wakeline
