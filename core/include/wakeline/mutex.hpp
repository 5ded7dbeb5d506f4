// Mutex<T>: an async mutex guarding a T, for state that tasks must hold across an await.
// lock waits without blocking the worker; tasks get the lock first come first served, and
// unlocking hands it straight to the first waiter (no barging). It is a one-permit queue from
// semaphore.hpp, as Tokio's Mutex is built on its semaphore.
//
//   Mutex<int> counter(0, "counter");
//   {
//     auto guard = co_await counter.lock();
//     *guard += 1;
//   }  // unlocked here
#pragma once

#include <optional>
#include <source_location>
#include <string_view>
#include <utility>

#include "wakeline/semaphore.hpp"

namespace wakeline {

template <typename T>
class Mutex;

// Access to the value while the lock is held; dropping it (or unlock()) releases the lock.
template <typename T>
class [[nodiscard]] MutexGuard {
 public:
  explicit MutexGuard(Mutex<T>& mutex) noexcept : mutex_(&mutex) {}
  MutexGuard(MutexGuard&& o) noexcept : mutex_(std::exchange(o.mutex_, nullptr)) {}
  MutexGuard& operator=(MutexGuard&& o) noexcept {
    if (this != &o) {
      unlock();
      mutex_ = std::exchange(o.mutex_, nullptr);
    }
    return *this;
  }
  MutexGuard(const MutexGuard&) = delete;
  MutexGuard& operator=(const MutexGuard&) = delete;
  ~MutexGuard() { unlock(); }

  T& operator*() const noexcept { return mutex_->value_; }
  T* operator->() const noexcept { return &mutex_->value_; }
  // Releases the lock now; the guard is empty afterwards.
  void unlock() {
    if (mutex_) std::exchange(mutex_, nullptr)->queue_.release(1);
  }

 private:
  Mutex<T>* mutex_;
};

template <typename T>
class [[nodiscard]] LockFuture {
 public:
  LockFuture(Mutex<T>& mutex, std::source_location loc) : mutex_(&mutex), inner_(mutex.queue_, 1, loc) {}
  bool await_ready() { return inner_.await_ready(); }
  bool await_suspend(std::coroutine_handle<> h) { return inner_.await_suspend(h); }
  MutexGuard<T> await_resume() {
    (void)inner_.await_resume();  // a mutex is never closed: resuming means the lock is ours
    return MutexGuard<T>(*mutex_);
  }

 private:
  Mutex<T>* mutex_;
  detail::PermitAwaiter inner_;
};

// Create it inside a task (it registers with the running runtime); it must outlive its guards.
// A task waiting in lock() shows in a deadlock report as "lock 'name'".
template <typename T>
class Mutex {
 public:
  explicit Mutex(T value, std::string_view name = "mutex", std::source_location loc = std::source_location::current())
      : queue_(1, ChannelKind::Mutex, detail::WaitKind::Lock, name, loc), value_(std::move(value)) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  LockFuture<T> lock(std::source_location loc = std::source_location::current()) { return LockFuture<T>(*this, loc); }
  // The lock now if it is free and no one is waiting for it, else std::nullopt.
  std::optional<MutexGuard<T>> try_lock() {
    std::lock_guard guard(queue_.lock);
    if (!queue_.try_take_locked(1)) return std::nullopt;
    return std::optional<MutexGuard<T>>(std::in_place, *this);
  }
  std::uint64_t channel_id() const noexcept { return queue_.id; }

 private:
  friend class MutexGuard<T>;
  friend class LockFuture<T>;
  detail::PermitQueue queue_;
  T value_;
};

}  // namespace wakeline
