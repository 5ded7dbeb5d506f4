// JoinHandle<T>: the result of spawn/spawn_blocking. Awaiting it gives the task's value or a
// JoinError (cancelled, or failed with the exception's message); abort() cancels the task at its
// next suspension; dropping the handle detaches the task, which keeps running.
#pragma once

#include <optional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

#include "wakeline/detail/context.hpp"
#include "wakeline/task.hpp"

namespace wakeline {

struct JoinError {
  enum class Kind { Cancelled, Failed };
  Kind kind = Kind::Cancelled;
  std::string message;
  bool is_cancelled() const noexcept { return kind == Kind::Cancelled; }
  bool is_failed() const noexcept { return kind == Kind::Failed; }
};

// Value or JoinError, like Rust's Result<T, JoinError>.
template <typename T>
class JoinResult {
 public:
  using Value = ValueOf<T>;
  JoinResult(Value v) : v_(std::move(v)) {}
  JoinResult(JoinError e) : v_(std::move(e)) {}
  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  Value& value() {
    if (!ok()) throw std::runtime_error("JoinResult holds an error: " + error().message);
    return std::get<0>(v_);
  }
  const JoinError& error() const { return std::get<1>(v_); }

 private:
  std::variant<Value, JoinError> v_;
};

namespace detail {

// The scheduler's TaskHeader plus the typed result. The result is kept as its parts (the value,
// or the header's outcome plus its failure message) and put together as a JoinResult once, when
// it is taken: a pending task carries no JoinError. The joiner's waker and the result's flags are
// in the header, where they fill what would be padding.
template <typename T>
struct TaskCell : TaskHeader {
  std::optional<ValueOf<T>> value;  // set by settle() when the user's Task returns; under result_lock once complete

  // Once, under result_lock, after has_result.
  JoinResult<T> take_result() {
    switch (outcome) {
      case Outcome::Completed: return JoinResult<T>(std::move(*value));
      case Outcome::Cancelled: return JoinResult<T>(JoinError{JoinError::Kind::Cancelled, "task was cancelled"});
      case Outcome::Failed: break;
    }
    return JoinResult<T>(JoinError{JoinError::Kind::Failed, has_failed(*this) ? std::move(*extras->failure) : std::string()});
  }

  static void settle_cell(TaskHeader* h) {
    auto* cell = static_cast<TaskCell*>(h);
    auto& promise = std::coroutine_handle<Promise<T>>::from_address(cell->frame.address()).promise();
    try {
      if constexpr (std::is_void_v<T>) {
        promise.take();
        cell->value.emplace();
      } else {
        cell->value.emplace(promise.take());
      }
    } catch (...) {
      extras_of(*cell).failure = std::make_unique<std::string>(describe_exception(std::current_exception()));
    }
  }
  static void destroy_cell(TaskHeader* h) noexcept { delete static_cast<TaskCell*>(h); }
  static void complete_cell(TaskHeader* h, int outcome) {
    auto* cell = static_cast<TaskCell*>(h);
    std::lock_guard guard(cell->result_lock);
    cell->outcome = static_cast<Outcome>(outcome);
    cell->has_result = true;
    if (cell->joiner) {
      Context* ctx = current_context();
      const std::source_location where = cell->joiner.strand->wait_location;
      wake(*ctx, std::exchange(cell->joiner, Waker{}), WakeCause::Task, cell->id, where);
    }
  }
  static constexpr TaskVTable vtable{&settle_cell, &complete_cell, &destroy_cell};

  TaskCell() { vt = &vtable; }
};

// A million pending tasks (the spawn-all benchmark) are a million of these: docs/benchmarks.md.
static_assert(sizeof(TaskCell<void>) == 128, "a no-op task's cell is two cache lines: keep new fields in TaskExtras");

}  // namespace detail

template <typename T>
class [[nodiscard]] JoinHandle {
 public:
  JoinHandle() = default;
  explicit JoinHandle(detail::TaskCell<T>* cell) noexcept : cell_(cell) {}
  JoinHandle(JoinHandle&& o) noexcept : cell_(std::exchange(o.cell_, nullptr)) {}
  JoinHandle& operator=(JoinHandle&& o) noexcept {
    if (this != &o) {
      reset();
      cell_ = std::exchange(o.cell_, nullptr);
    }
    return *this;
  }
  JoinHandle(const JoinHandle&) = delete;
  JoinHandle& operator=(const JoinHandle&) = delete;
  ~JoinHandle() { reset(); }

  TaskId id() const noexcept { return cell_ ? cell_->id : 0; }
  bool valid() const noexcept { return cell_ != nullptr; }
  bool is_finished() const {
    if (!cell_) return true;
    std::lock_guard guard(cell_->result_lock);
    return cell_->has_result;
  }
  // Cancels the task at its next suspension (or before its first poll).
  void abort() const {
    if (cell_) detail::request_cancel(cell_);
  }

  struct Awaiter {
    detail::TaskCell<T>* cell;
    std::source_location loc;
    detail::Context* ctx = nullptr;
    bool registered = false;

    bool await_ready() {
      ctx = &detail::require_context("awaiting a JoinHandle");
      std::lock_guard guard(cell->result_lock);
      return cell->has_result && detail::take_budget(*ctx);
    }
    bool await_suspend(std::coroutine_handle<> h) {
      std::lock_guard guard(cell->result_lock);
      if (cell->has_result) {
        // Finished, but this poll's budget is spent: yield once before taking the result.
        detail::defer_yield(*ctx, h, loc);
        return true;
      }
      cell->joiner = detail::suspend_current(*ctx, h, {detail::WaitKind::Join, cell->id}, loc);
      registered = true;
      return true;
    }
    JoinResult<T> await_resume() {
      registered = false;
      std::lock_guard guard(cell->result_lock);
      return cell->take_result();
    }
    ~Awaiter() {
      if (registered) {
        std::lock_guard guard(cell->result_lock);
        cell->joiner = {};
      }
    }
  };
  Awaiter operator co_await() && { return std::move(*this).join(); }
  Awaiter join(std::source_location loc = std::source_location::current()) && {
    if (!cell_) throw std::logic_error("awaiting an empty JoinHandle");
    return Awaiter{cell_, loc};
  }

 private:
  void reset() noexcept {
    if (cell_) detail::release(std::exchange(cell_, nullptr));
  }
  detail::TaskCell<T>* cell_ = nullptr;
};

}  // namespace wakeline
