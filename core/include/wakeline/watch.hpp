// watch: one value that a Sender keeps replacing and any number of Receivers read, for state
// like "current config" or "shutdown requested". Only the latest value is kept: a receiver that
// waits with changed() sees that something changed since it last looked, not every step.
// changed() returns false once the Sender is gone and the last value was already seen. Read with
// borrow_and_update() after changed(), so a value sent in between is not reported twice.
//
//   auto [tx, rx] = watch::channel<int>(0, "config");
//   tx.send(1);
//   while (co_await rx.changed()) use(*rx.borrow_and_update());
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "wakeline/detail/channel_core.hpp"
#include "wakeline/detail/context.hpp"
#include "wakeline/message_text.hpp"
#include "wakeline/detail/waiter_list.hpp"

namespace wakeline::watch {

// A snapshot of the value: it stays valid and unchanged however many sends happen after.
template <typename T>
using Ref = std::shared_ptr<const T>;

// What has_changed() gives, like Tokio's Result<bool, RecvError>: whether a value not seen yet
// is there, or, once the sender is gone and every value was seen, that error.
class HasChanged {
 public:
  static HasChanged changed(bool yes) noexcept { return HasChanged(yes, false); }
  static HasChanged sender_gone() noexcept { return HasChanged(false, true); }
  bool ok() const noexcept { return !closed_; }
  bool is_closed() const noexcept { return closed_; }
  // Whether there is a value not seen yet; throws if the sender is gone (ask ok() first).
  bool value() const {
    if (closed_) throw std::runtime_error("watch::has_changed: the sender is gone and every value was seen");
    return changed_;
  }

 private:
  HasChanged(bool changed, bool closed) noexcept : changed_(changed), closed_(closed) {}
  bool changed_;
  bool closed_;
};

namespace detail {
using wakeline::detail::Context;
using wakeline::detail::Waker;

// Each send stores a new snapshot and bumps the version; receivers remember the version they
// last saw. Events: ChannelSend and ChannelRecv carry the version as their sequence number.
template <typename T>
struct Shared : wakeline::detail::ChannelCore {
  std::shared_ptr<T> value;
  std::uint64_t version = 0;
  wakeline::detail::WaiterList<wakeline::detail::WakeWaiter> waiting;  // every receiver waiting in changed()

  // Lock held. Stores a new value and wakes everyone waiting for a change (ctx: see WakingContext).
  void store_locked(Context* ctx, std::shared_ptr<T> next, const std::source_location& loc) {
    value = std::move(next);
    ++version;
    if (!ctx) return;
    wakeline::detail::record(*ctx, EventKind::ChannelSend, wakeline::detail::current_task_id(*ctx), id, version, 1, loc);
    if (value) wakeline::detail::note_message(*ctx, id, version, *value);
    wake_all_locked(*ctx);
  }
  void wake_all_locked(Context& ctx) { wakeline::detail::wake_all(ctx, waiting, id); }

  // Receivers see the last value, then changed() reports the sender gone.
  void last_sender_gone_locked(Context* ctx) {
    if (!ctx) return;
    wakeline::detail::record(*ctx, EventKind::ChannelClose, wakeline::detail::current_task_id(*ctx), id, 0, 1, {});
    wake_all_locked(*ctx);
  }
  void last_receiver_gone_locked(Context*) {}
};
}  // namespace detail

template <typename T>
class Receiver;

// Awaiting a change for one receiver. The change is marked seen only in await_resume, so a
// changed() dropped before it returns (select lost) leaves it to be seen by the next one.
template <typename T>
class [[nodiscard]] ChangedFuture {
 public:
  ChangedFuture(Receiver<T>& rx, std::source_location loc) : rx_(&rx) { wait_.loc = loc; }
  ChangedFuture(ChangedFuture&& o) noexcept : rx_(o.rx_) { wait_.loc = o.wait_.loc; }  // only before it is awaited
  ChangedFuture(const ChangedFuture&) = delete;
  ChangedFuture& operator=(const ChangedFuture&) = delete;
  ~ChangedFuture() {
    if (!wait_.registered) return;
    std::lock_guard guard(shared().lock);
    wait_.leave(shared().waiting);
  }

  bool await_ready() {
    auto& ctx = wakeline::detail::require_context("watch changed");
    std::lock_guard guard(shared().lock);
    return wait_.ready(ctx, decided_locked());
  }
  bool await_suspend(std::coroutine_handle<> h) {
    if (wait_.yields(h)) return true;
    auto& s = shared();
    std::lock_guard guard(s.lock);
    return wait_.suspend(h, s.waiting, s.id, decided_locked(), 1);
  }
  // True: there is a value it had not seen (now marked seen). False: the sender is gone.
  bool await_resume() {
    // Not wait_.ctx: after a wait the task may resume on another worker, whose context this is.
    auto& ctx = wakeline::detail::require_context("watch changed");
    auto& s = shared();
    std::lock_guard guard(s.lock);
    wait_.leave(s.waiting);
    if (s.version == rx_->seen_) return false;
    rx_->seen_ = s.version;
    wakeline::detail::record(ctx, EventKind::ChannelRecv, wakeline::detail::current_task_id(ctx), s.id, s.version, 1,
                             wait_.loc);
    return true;
  }

 private:
  detail::Shared<T>& shared() const { return *rx_->chan_; }
  // Lock held. Once true it stays true until this receiver marks the value seen: the version
  // only grows and a gone sender never comes back.
  bool decided_locked() const { return shared().version != rx_->seen_ || shared().senders == 0; }

  Receiver<T>* rx_;
  wakeline::detail::LineWait wait_;
};

// Copyable: a copy has seen what the original has seen. A pending changed() refers to the
// receiver, so keep it in place until that ends.
template <typename T>
class Receiver {
 public:
  Receiver() = default;
  Receiver(std::shared_ptr<detail::Shared<T>> s, std::uint64_t seen) : chan_(std::move(s)), seen_(seen) {}

  // The current value, without marking it seen.
  Ref<T> borrow() const {
    std::lock_guard guard(chan_->lock);
    return chan_->value;
  }
  // The current value, marked seen: changed() waits for the next send after it.
  Ref<T> borrow_and_update() {
    std::lock_guard guard(chan_->lock);
    seen_ = chan_->version;
    return chan_->value;
  }
  // A value not seen yet is reported even after the sender is gone; the error comes once it is seen.
  HasChanged has_changed() const {
    std::lock_guard guard(chan_->lock);
    if (chan_->version != seen_) return HasChanged::changed(true);
    return chan_->senders == 0 ? HasChanged::sender_gone() : HasChanged::changed(false);
  }
  ChangedFuture<T> changed(std::source_location loc = std::source_location::current()) {
    if (!chan_) throw std::logic_error("changed on an empty watch::Receiver");
    return ChangedFuture<T>(*this, loc);
  }
  std::uint64_t channel_id() const { return chan_ ? chan_->id : 0; }

 private:
  friend class ChangedFuture<T>;
  wakeline::detail::Handle<detail::Shared<T>, wakeline::detail::End::Receiver> chan_;
  std::uint64_t seen_ = 0;  // the version it last marked seen
};

template <typename T>
class Sender {
 public:
  Sender() = default;
  explicit Sender(std::shared_ptr<detail::Shared<T>> s) : chan_(std::move(s)) {}
  Sender(Sender&&) noexcept = default;
  Sender& operator=(Sender&&) noexcept = default;
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // Replaces the value and wakes every changed(), from any thread. False, and the value left as
  // it was, if every receiver is gone (as in Tokio; send_replace stores regardless).
  bool send(T value, std::source_location loc = std::source_location::current()) {
    auto& s = shared("send");
    auto next = std::make_shared<T>(std::move(value));
    wakeline::detail::WakingContext here = s.waking_context();
    std::lock_guard guard(s.lock);
    if (s.receivers == 0) return false;
    s.store_locked(here.get(), std::move(next), loc);
    return true;
  }
  // Replaces the value even with no receiver, and returns the previous one.
  T send_replace(T value, std::source_location loc = std::source_location::current()) {
    auto& s = shared("send_replace");
    auto next = std::make_shared<T>(std::move(value));
    std::shared_ptr<T> old;
    {
      wakeline::detail::WakingContext here = s.waking_context();
      std::lock_guard guard(s.lock);
      old = s.value;
      s.store_locked(here.get(), std::move(next), loc);
    }
    // No snapshot of it is left (none can appear: the channel no longer holds it), so move.
    if (old.use_count() == 1) return std::move(*old);
    return T(*old);
  }
  Ref<T> borrow() const {
    auto& s = shared("borrow");
    std::lock_guard guard(s.lock);
    return s.value;
  }
  // A new receiver that has seen the current value.
  Receiver<T> subscribe() const {
    auto& s = shared("subscribe");
    std::lock_guard guard(s.lock);
    ++s.receivers;
    return Receiver<T>(chan_.shared(), s.version);
  }
  std::size_t receiver_count() const {
    auto& s = shared("receiver_count");
    std::lock_guard guard(s.lock);
    return s.receivers;
  }
  // Drops the sender now: receivers see the last value, then changed() returns false.
  void close() { chan_.drop(); }
  std::uint64_t channel_id() const { return chan_ ? chan_->id : 0; }

 private:
  detail::Shared<T>& shared(const char* what) const {
    if (!chan_) throw std::logic_error(std::string(what) + " on an empty watch::Sender");
    return *chan_;
  }
  wakeline::detail::Handle<detail::Shared<T>, wakeline::detail::End::Sender> chan_;
};

template <typename T>
std::pair<Sender<T>, Receiver<T>> channel(T initial, std::string_view name = "watch",
                                          std::source_location loc = std::source_location::current()) {
  auto shared = wakeline::detail::open_channel<detail::Shared<T>>("watch::channel", name, ChannelKind::Watch, 1, loc);
  shared->value = std::make_shared<T>(std::move(initial));
  return {Sender<T>(shared), Receiver<T>(shared, 0)};
}

}  // namespace wakeline::watch
