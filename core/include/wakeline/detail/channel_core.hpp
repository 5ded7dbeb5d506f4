// What every channel shares (mpsc, oneshot, broadcast, watch), as Tokio's channels share one
// core: the lock, the channel's id, and the count of Sender and Receiver handles. A Handle is one
// counted reference to a channel: copying it counts one more, moving it does not, dropping the
// last of its end tells the channel (under its lock) so it can close and wake whoever waits. Each
// channel says what that means with two hooks on its shared state:
//   void last_sender_gone_locked(Context* ctx);    // ctx: where to record and wake, or null
//   void last_receiver_gone_locked(Context* ctx);
// A hook may return what it took out of the channel (queued messages): it is destroyed after the
// lock is released, since destroying a message can drop handles of other channels, or of this one.
// Handles work from any thread: on one outside the runtime, ctx is the runtime's outside lane.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <source_location>
#include <string_view>
#include <type_traits>
#include <utility>

#include "wakeline/detail/context.hpp"
#include "wakeline/detail/spin_lock.hpp"

namespace wakeline::detail {

struct ChannelCore {
  SpinLock lock;
  std::uint64_t id = 0;
  std::size_t senders = 1;    // a channel starts with one handle of each end
  std::size_t receivers = 1;
  std::shared_ptr<OutsideLane> outside;  // its runtime's, for handles used on other threads

  // Where this thread records the channel's events and wakes its waiters (see WakingContext).
  // Take it before the channel's lock: the outside lane's lock comes first.
  WakingContext waking_context() const { return WakingContext(outside.get()); }
};

enum class End : std::uint8_t { Sender, Receiver };

template <typename Shared, End end>
class Handle {
 public:
  Handle() = default;
  // Takes over one handle already counted in `shared` (a new channel's, or one counted by the caller).
  explicit Handle(std::shared_ptr<Shared> shared) noexcept : shared_(std::move(shared)) {}
  Handle(const Handle& o) : shared_(o.shared_) {
    if (!shared_) return;
    std::lock_guard guard(shared_->lock);
    ++count(*shared_);
  }
  Handle& operator=(const Handle& o) {
    if (this != &o) *this = Handle(o);
    return *this;
  }
  Handle(Handle&& o) noexcept = default;
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      drop();
      shared_ = std::move(o.shared_);
    }
    return *this;
  }
  ~Handle() { drop(); }

  explicit operator bool() const noexcept { return shared_ != nullptr; }
  Shared* get() const noexcept { return shared_.get(); }
  Shared& operator*() const noexcept { return *shared_; }
  Shared* operator->() const noexcept { return shared_.get(); }
  const std::shared_ptr<Shared>& shared() const noexcept { return shared_; }
  // Gives the handle up without telling the channel: the caller settles the count under the lock
  // (a oneshot send uses its sender up, which is not a drop).
  std::shared_ptr<Shared> take() noexcept { return std::move(shared_); }

  // Drops this handle now. `also` runs first under the channel's lock, for what the handle's own
  // state has to undo (a broadcast receiver's unread messages).
  template <typename Also>
  void drop(Also&& also) {
    if (!shared_) return;
    auto shared = std::move(shared_);  // outlives everything below
    using Leftovers = decltype(last_gone(*shared, nullptr));
    if constexpr (std::is_void_v<Leftovers>) {
      WakingContext here = shared->waking_context();
      std::lock_guard guard(shared->lock);
      also(*shared);
      if (--count(*shared) == 0) last_gone(*shared, here.get());
    } else {
      Leftovers leftovers;  // destroyed last, once nothing is locked: it may drop other handles
      WakingContext here = shared->waking_context();
      std::lock_guard guard(shared->lock);
      also(*shared);
      if (--count(*shared) == 0) leftovers = last_gone(*shared, here.get());
    }
  }
  void drop() {
    drop([](Shared&) {});
  }

 private:
  static auto last_gone(Shared& s, Context* ctx) {
    if constexpr (end == End::Sender) return s.last_sender_gone_locked(ctx);
    else return s.last_receiver_gone_locked(ctx);
  }
  static std::size_t& count(Shared& s) noexcept {
    if constexpr (end == End::Sender) return s.senders;
    else return s.receivers;
  }
  std::shared_ptr<Shared> shared_;
};

// A new channel's shared state, registered with the running runtime (its id, its ChannelCreated event).
template <typename Shared>
std::shared_ptr<Shared> open_channel(const char* what, std::string_view name, ChannelKind kind, std::uint64_t capacity,
                                     const std::source_location& loc) {
  auto& ctx = require_context(what);
  auto shared = std::make_shared<Shared>();
  shared->id = create_channel(ctx, name, kind, capacity, loc);
  shared->outside = outside_lane(ctx);
  return shared;
}

}  // namespace wakeline::detail
