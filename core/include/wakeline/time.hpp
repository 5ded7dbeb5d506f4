// Time, driven by the runtime's one timer driver: sleep, sleep_until, yield_now, and now().
// On the virtual clock a sleep costs no wall time; on the real clock it is an OS-timed wait.
#pragma once

#include <chrono>
#include <coroutine>
#include <source_location>

#include "wakeline/detail/context.hpp"
#include "wakeline/detail/saturating.hpp"

namespace wakeline {

// Time since the run started, on the run's clock (virtual or real).
inline std::chrono::nanoseconds now() {
  return std::chrono::nanoseconds(detail::now_ns(detail::require_context("now")));
}

namespace detail {

class [[nodiscard]] SleepAwaiter {
 public:
  SleepAwaiter(std::int64_t deadline_ns, std::source_location loc) : deadline_(deadline_ns), loc_(loc) {}
  // Movable only before it is awaited (so select/join can take a sleep directly).
  SleepAwaiter(SleepAwaiter&& other) noexcept : deadline_(other.deadline_), loc_(other.loc_) {}
  SleepAwaiter(const SleepAwaiter&) = delete;
  SleepAwaiter& operator=(const SleepAwaiter&) = delete;
  ~SleepAwaiter() {
    // Dropped while waiting (select lost, task aborted): the timer is cancelled, never fired.
    // `fired` is written by the timer driver under its lock: timer_cancel reads it there.
    if (registered_) timer_cancel(context_here(ctx_), entry_);
  }

  bool await_ready() {
    ctx_ = &require_context("sleep");
    if (deadline_ < 0) deadline_ = 0;
    // A deadline already past completes at once, like a zero sleep, while the budget lasts.
    return static_cast<std::uint64_t>(deadline_) <= now_ns(*ctx_) && take_budget(*ctx_);
  }
  void await_suspend(std::coroutine_handle<> h) {
    if (static_cast<std::uint64_t>(deadline_) <= now_ns(*ctx_)) {
      defer_yield(*ctx_, h, loc_);
      return;
    }
    entry_.deadline = static_cast<std::uint64_t>(deadline_);
    entry_.task = current_task_id(*ctx_);
    entry_.location = loc_;
    entry_.waker = suspend_current(*ctx_, h, {WaitKind::Timer, 0}, loc_);
    registered_ = true;
    timer_register(*ctx_, entry_);
  }
  void await_resume() const noexcept {}

 private:
  std::int64_t deadline_;
  std::source_location loc_;
  Context* ctx_ = nullptr;
  TimerEntry entry_;
  bool registered_ = false;
};

class [[nodiscard]] YieldAwaiter {
 public:
  explicit YieldAwaiter(std::source_location loc) : loc_(loc) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { defer_yield(require_context("yield_now"), h, loc_); }
  void await_resume() const noexcept {}

 private:
  std::source_location loc_;
};

}  // namespace detail

template <typename Rep, typename Period>
detail::SleepAwaiter sleep(std::chrono::duration<Rep, Period> d,
                           std::source_location loc = std::source_location::current()) {
  auto& ctx = detail::require_context("sleep");
  // Saturates: sleep(nanoseconds::max()) is a timer that never fires within the run.
  return detail::SleepAwaiter(
      detail::saturating_after(static_cast<std::int64_t>(detail::now_ns(ctx)), detail::saturating_ns(d)), loc);
}

// Sleeps until `t` after the run's start.
template <typename Rep, typename Period>
detail::SleepAwaiter sleep_until(std::chrono::duration<Rep, Period> t,
                                 std::source_location loc = std::source_location::current()) {
  return detail::SleepAwaiter(detail::saturating_ns(t), loc);
}

// Gives the worker back: the task goes to the back of the run queue and is polled again later.
inline detail::YieldAwaiter yield_now(std::source_location loc = std::source_location::current()) {
  return detail::YieldAwaiter(loc);
}

}  // namespace wakeline
