// What every channel shares (mpsc, oneshot, broadcast, watch), as Tokio's channels share one
// core: the lock, the channel's id, and the count of Sender and Receiver handles. A Handle is one
// counted reference to a channel: copying it counts one more, moving it does not, dropping the
// last of its end tells the channel (under its lock) so it can close and wake whoever waits. Each
// channel says what that means with two hooks on its shared state:
//   void last_sender_gone_locked(Context* ctx);    // ctx: where to record and wake, or null
//   void last_receiver_gone_locked(Context* ctx);
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

namespace wakeline::detail {

struct ChannelCore {
  SpinLock lock;
  std::uint64_t id = 0;
  std::size_t senders = 1;    // a channel starts with one handle of each end
  std::size_t receivers = 1;
};

// Where a handle dropped on this thread records its channel's close and wakes the waiters: the
// running task's context, or none outside a runtime (then no task can be waiting to be told).
inline Context* context_for_drop() noexcept {
  Context* ctx = current_context();
  return ctx && ctx->rt ? ctx : nullptr;
}

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
    auto shared = std::move(shared_);  // outlives the guard: the last reference may go with it
    std::lock_guard guard(shared->lock);
    also(*shared);
    if (--count(*shared) != 0) return;
    if constexpr (end == End::Sender) shared->last_sender_gone_locked(context_for_drop());
    else shared->last_receiver_gone_locked(context_for_drop());
  }
  void drop() {
    drop([](Shared&) {});
  }

 private:
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
  return shared;
}

}  // namespace wakeline::detail
