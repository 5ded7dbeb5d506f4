// Semaphore: a fixed pool of permits that limits how many tasks do something at once (at most 3
// fetches in flight). acquire waits for free permits, first come first served; a Permit gives
// them back when dropped. Released permits are handed straight to the first waiter, so a task
// arriving later cannot barge ahead of one already waiting. Mutex (mutex.hpp) is built on the
// same permit queue, as in Tokio.
//
//   Semaphore sem(3, "fetches");
//   auto permit = co_await sem.acquire();   // held until `permit` goes out of scope
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <source_location>
#include <string_view>
#include <utility>

#include "wakeline/detail/context.hpp"
#include "wakeline/detail/spin_lock.hpp"
#include "wakeline/detail/waiter_list.hpp"

namespace wakeline {
namespace detail {

// One acquire waiting for permits. It lives in the awaiter, so in the waiting coroutine's frame,
// and is linked into the queue only while it waits.
struct PermitWaiter {
  std::size_t wanted = 0;
  Waker waker;
  std::source_location loc;
  bool queued = false;
  bool granted = false;  // a release handed it its permits; woken without them = closed
  PermitWaiter* next = nullptr;
  PermitWaiter* prev = nullptr;
};

// The FIFO permit queue under Semaphore and Mutex. Permits go to waiters strictly in arrival
// order: the head waiter blocks smaller requests behind it, and while anyone waits, no newcomer
// takes free permits. Events: ChannelWait (b = WaitSide::Recv, c = tasks waiting) when an
// acquire has to wait, TaskWoken with WakeCause::Lock when permits are handed over.
struct PermitQueue {
  SpinLock lock;
  std::uint64_t id = 0;
  WaitKind wait_kind = WaitKind::Semaphore;
  std::size_t permits = 0;  // free: neither held nor handed to a waiter
  std::size_t waiting = 0;
  bool closed = false;
  WaiterList<PermitWaiter> line;  // acquires waiting for permits, first in line first
  std::shared_ptr<OutsideLane> outside;  // permits may be released or added on any thread

  PermitQueue(std::size_t initial, ChannelKind kind, WaitKind wait, std::string_view name,
              const std::source_location& loc)
      : wait_kind(wait), permits(initial) {
    Context& ctx = require_context(kind == ChannelKind::Mutex ? "Mutex" : "Semaphore");
    id = create_channel(ctx, name, kind, initial, loc);
    outside = outside_lane(ctx);
  }
  PermitQueue(const PermitQueue&) = delete;
  PermitQueue& operator=(const PermitQueue&) = delete;

  // Lock held. Takes n free permits if no one is waiting before us.
  bool try_take_locked(std::size_t n) {
    if (closed || !line.empty() || permits < n) return false;
    permits -= n;
    return true;
  }

  void release(std::size_t n) {
    WakingContext here(outside.get());
    std::lock_guard guard(lock);
    permits += n;
    grant_locked(here.get());
  }

  // Lock held. Hands free permits to waiters from the head while the head's request fits.
  void grant_locked(Context* ctx) {
    while (line.head && line.head->wanted <= permits) {
      PermitWaiter* w = line.head;
      unlink(w);
      permits -= w->wanted;
      w->granted = true;
      // Without a runtime no task can be waiting; the grant still stands for whoever resumes.
      if (ctx) wake(*ctx, std::exchange(w->waker, Waker{}), WakeCause::Lock, id, w->loc);
    }
  }

  // An acquire that is dropped while waiting (select lost, task aborted): permits already
  // handed to it go on to the next waiter; if it was the head, the ones behind may fit now.
  void leave(PermitWaiter* w) {
    WakingContext here(outside.get());
    std::lock_guard guard(lock);
    if (w->granted) {
      w->granted = false;
      permits += w->wanted;
    } else if (w->queued) {
      unlink(w);
    }
    grant_locked(here.get());
  }

  void close() {
    WakingContext here(outside.get());
    std::lock_guard guard(lock);
    if (closed) return;
    closed = true;
    Context* ctx = here.get();
    if (ctx) record(*ctx, EventKind::ChannelClose, current_task_id(*ctx), id, 0, waiting, {});
    while (PermitWaiter* w = line.head) {
      unlink(w);
      if (ctx) wake(*ctx, std::exchange(w->waker, Waker{}), WakeCause::Lock, id, w->loc);
    }
  }

  // `waiting` counts the line, for the ChannelWait and ChannelClose events.
  void link(PermitWaiter* w) {
    line.push_back(w);
    ++waiting;
  }
  void unlink(PermitWaiter* w) {
    line.remove(w);
    --waiting;
  }
};

// Awaiting n permits from a PermitQueue; await_resume says whether they were acquired (false:
// the queue was closed). Until the caller takes them, the awaiter owns what it acquired, so
// dropping it at any point gives them back.
class [[nodiscard]] PermitAwaiter {
 public:
  PermitAwaiter(PermitQueue& queue, std::size_t n, std::source_location loc) : queue_(&queue), n_(n), loc_(loc) {}
  // Only before it is awaited (join/select move their futures into branches).
  PermitAwaiter(PermitAwaiter&& o) noexcept
      : queue_(o.queue_), n_(o.n_), loc_(o.loc_), holding_(std::exchange(o.holding_, false)) {}
  PermitAwaiter(const PermitAwaiter&) = delete;
  PermitAwaiter& operator=(const PermitAwaiter&) = delete;
  PermitAwaiter& operator=(PermitAwaiter&&) = delete;
  ~PermitAwaiter() {
    if (registered_) queue_->leave(&waiter_);
    else if (holding_) queue_->release(n_);
  }

  bool await_ready() {
    ctx_ = &require_context(queue_->wait_kind == WaitKind::Lock ? "lock" : "acquire");
    std::lock_guard guard(queue_->lock);
    if (!decide_locked()) return false;
    // Decided, but this poll's budget is spent: yield first (still holding what it acquired).
    return take_budget(*ctx_) ? true : (yield_after_ = true, false);
  }
  bool await_suspend(std::coroutine_handle<> h) {
    if (yield_after_) {
      defer_yield(*ctx_, h, loc_);
      return true;
    }
    std::lock_guard guard(queue_->lock);
    if (decide_locked()) {  // released by another thread since await_ready
      if (take_budget(*ctx_)) return false;
      defer_yield(*ctx_, h, loc_);
      return true;
    }
    auto& q = *queue_;
    waiter_.wanted = n_;
    waiter_.loc = loc_;
    waiter_.waker = suspend_current(*ctx_, h, {q.wait_kind, q.id}, loc_);
    q.link(&waiter_);
    registered_ = true;
    record(*ctx_, EventKind::ChannelWait, current_task_id(*ctx_), q.id, static_cast<std::uint64_t>(WaitSide::Recv),
           q.waiting, loc_);
    return true;
  }
  // True: the caller now owns the permits and must release them. False: the queue was closed.
  bool await_resume() {
    if (registered_) {
      std::lock_guard guard(queue_->lock);
      registered_ = false;
      holding_ = std::exchange(waiter_.granted, false);
    }
    return std::exchange(holding_, false);
  }

 private:
  // Lock held. True when the acquire is decided: permits taken, or the queue is closed.
  bool decide_locked() {
    if (queue_->closed) return true;
    if (queue_->try_take_locked(n_)) holding_ = true;
    return holding_;
  }

  PermitQueue* queue_;
  std::size_t n_;
  std::source_location loc_;
  PermitWaiter waiter_;
  Context* ctx_ = nullptr;
  bool holding_ = false;     // acquired, not yet handed to the caller
  bool registered_ = false;  // waiter_ went into the queue (it may have been granted since)
  bool yield_after_ = false;
};

}  // namespace detail

// Permits held; dropping it releases them. An empty Permit (operator bool false) holds nothing:
// what acquire gives on a closed semaphore, and try_acquire when it could not take any.
class Permit {
 public:
  Permit() = default;
  Permit(Permit&& o) noexcept : queue_(std::exchange(o.queue_, nullptr)), count_(std::exchange(o.count_, 0)) {}
  Permit& operator=(Permit&& o) noexcept {
    if (this != &o) {
      release();
      queue_ = std::exchange(o.queue_, nullptr);
      count_ = std::exchange(o.count_, 0);
    }
    return *this;
  }
  Permit(const Permit&) = delete;
  Permit& operator=(const Permit&) = delete;
  ~Permit() { release(); }

  explicit operator bool() const noexcept { return queue_ != nullptr; }
  std::size_t count() const noexcept { return count_; }
  // Gives the permits back now (as dropping the Permit would).
  void release() {
    if (queue_) std::exchange(queue_, nullptr)->release(std::exchange(count_, 0));
  }
  // Drops the Permit without returning its permits: the semaphore shrinks for good (Tokio's forget).
  void forget() noexcept {
    queue_ = nullptr;
    count_ = 0;
  }

 private:
  friend class AcquireFuture;
  friend class Semaphore;
  Permit(detail::PermitQueue* queue, std::size_t count) noexcept : queue_(queue), count_(count) {}

  detail::PermitQueue* queue_ = nullptr;
  std::size_t count_ = 0;
};

class [[nodiscard]] AcquireFuture {
 public:
  AcquireFuture(detail::PermitQueue& queue, std::size_t n, std::source_location loc)
      : queue_(&queue), n_(n), inner_(queue, n, loc) {}
  bool await_ready() { return inner_.await_ready(); }
  bool await_suspend(std::coroutine_handle<> h) { return inner_.await_suspend(h); }
  // The permits, or an empty Permit if the semaphore was closed.
  Permit await_resume() { return inner_.await_resume() ? Permit(queue_, n_) : Permit(); }

 private:
  detail::PermitQueue* queue_;
  std::size_t n_;
  detail::PermitAwaiter inner_;
};

// Create it inside a task (it registers with the running runtime) and keep it alive while any
// Permit of it exists: share it by reference, or through a shared_ptr when tasks outlive its scope.
class Semaphore {
 public:
  explicit Semaphore(std::size_t permits, std::string_view name = "semaphore",
                     std::source_location loc = std::source_location::current())
      : queue_(permits, ChannelKind::Semaphore, detail::WaitKind::Semaphore, name, loc) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  // Waits for n permits (after everyone already waiting). On a closed semaphore: an empty Permit.
  AcquireFuture acquire(std::size_t n = 1, std::source_location loc = std::source_location::current()) {
    return AcquireFuture(queue_, n, loc);
  }
  // n permits now, or an empty Permit if they are not free, someone is waiting, or it is closed.
  Permit try_acquire(std::size_t n = 1) {
    std::lock_guard guard(queue_.lock);
    return queue_.try_take_locked(n) ? Permit(&queue_, n) : Permit();
  }
  std::size_t available_permits() const {
    std::lock_guard guard(queue_.lock);
    return queue_.permits;
  }
  // Adds permits; waiters that now fit get them at once, in order.
  void add_permits(std::size_t n) { queue_.release(n); }
  // Wakes every waiter with an empty Permit; later acquires fail. Permits held stay valid.
  void close() { queue_.close(); }
  bool is_closed() const {
    std::lock_guard guard(queue_.lock);
    return queue_.closed;
  }
  std::uint64_t channel_id() const noexcept { return queue_.id; }

 private:
  mutable detail::PermitQueue queue_;
};

}  // namespace wakeline
