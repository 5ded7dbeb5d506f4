// oneshot: a channel for exactly one value, the usual way to send a reply back to whoever asked
// (a work item carries the Sender; the requester awaits the Receiver). send() never waits;
// awaiting the Receiver gives the value, or std::nullopt if the Sender was dropped unused.
//
//   auto [reply_tx, reply_rx] = oneshot::channel<int>("reply");
//   reply_tx.send(42);
//   std::optional<int> v = co_await std::move(reply_rx);
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "wakeline/detail/channel_core.hpp"
#include "wakeline/detail/context.hpp"
#include "wakeline/message_text.hpp"

namespace wakeline::oneshot {
namespace detail {
template <typename T>
struct Shared : wakeline::detail::ChannelCore {
  std::optional<T> value;
  wakeline::detail::Waker waiter;
  std::source_location waiter_loc;

  bool sender_gone() const { return senders == 0; }
  // Dropped unused: the receiver learns there will be no value.
  void last_sender_gone_locked(wakeline::detail::Context* ctx) {
    if (!ctx) return;
    wakeline::detail::record(*ctx, EventKind::ChannelClose, wakeline::detail::current_task_id(*ctx), id, 0, 0, {});
    if (waiter) wakeline::detail::wake(*ctx, std::exchange(waiter, {}), WakeCause::Channel, id, waiter_loc);
  }
  void last_receiver_gone_locked(wakeline::detail::Context*) {}
};
}  // namespace detail

template <typename T>
class Sender {
 public:
  Sender() = default;
  explicit Sender(std::shared_ptr<detail::Shared<T>> s) : chan_(std::move(s)) {}
  Sender(Sender&&) noexcept = default;
  Sender& operator=(Sender&&) noexcept = default;
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // Sends the value and uses the sender up. False if the receiver is already gone. Works from
  // any thread: a std::thread's send wakes the receiver through the runtime.
  bool send(T value, std::source_location loc = std::source_location::current()) {
    if (!chan_) throw std::logic_error("oneshot::Sender used twice");
    auto shared = chan_.take();
    wakeline::detail::WakingContext here = shared->waking_context();
    std::lock_guard guard(shared->lock);
    --shared->senders;
    if (shared->receivers == 0) return false;
    shared->value.emplace(std::move(value));
    auto* ctx = here.get();
    if (!ctx) return true;  // its run has ended: no one waits, nothing to record
    wakeline::detail::record(*ctx, EventKind::ChannelSend, wakeline::detail::current_task_id(*ctx), shared->id, 0, 1, loc);
    wakeline::detail::note_message(*ctx, shared->id, 0, *shared->value);
    if (shared->waiter)
      wakeline::detail::wake(*ctx, std::exchange(shared->waiter, {}), WakeCause::Channel, shared->id, shared->waiter_loc);
    return true;
  }
  bool is_closed() const {
    if (!chan_) return true;
    std::lock_guard guard(chan_->lock);
    return chan_->receivers == 0;
  }

 private:
  wakeline::detail::Handle<detail::Shared<T>, wakeline::detail::End::Sender> chan_;
};

template <typename T>
class Receiver {
 public:
  Receiver() = default;
  explicit Receiver(std::shared_ptr<detail::Shared<T>> s) : chan_(std::move(s)) {}
  Receiver(Receiver&&) noexcept = default;
  Receiver& operator=(Receiver&&) noexcept = default;
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  class [[nodiscard]] Awaiter {
   public:
    Awaiter(std::shared_ptr<detail::Shared<T>> s, std::source_location loc) : shared_(std::move(s)), loc_(loc) {}
    Awaiter(Awaiter&&) = default;  // only before it is awaited
  Awaiter(const Awaiter&) = delete;
    Awaiter& operator=(const Awaiter&) = delete;
    ~Awaiter() {
      if (!registered_) return;
      std::lock_guard guard(shared_->lock);
      shared_->waiter = {};  // dropped while waiting: the value, if it comes, stays in the channel
    }
    bool await_ready() {
      ctx_ = &wakeline::detail::require_context("oneshot recv");
      std::lock_guard guard(shared_->lock);
      return (shared_->value || shared_->sender_gone()) && wakeline::detail::take_budget(*ctx_);
    }
    void await_suspend(std::coroutine_handle<> h) {
      std::lock_guard guard(shared_->lock);
      if (shared_->value || shared_->sender_gone()) {
        wakeline::detail::defer_yield(*ctx_, h, loc_);
        return;
      }
      shared_->waiter = wakeline::detail::suspend_current(*ctx_, h, {wakeline::detail::WaitKind::ChannelRecv, shared_->id}, loc_);
      shared_->waiter_loc = loc_;
      registered_ = true;
      wakeline::detail::record(*ctx_, EventKind::ChannelWait, wakeline::detail::current_task_id(*ctx_), shared_->id,
                               static_cast<std::uint64_t>(WaitSide::Recv), 0, loc_);
    }
    std::optional<T> await_resume() {
      std::lock_guard guard(shared_->lock);
      registered_ = false;
      if (!shared_->value) return std::nullopt;
      auto& ctx = wakeline::detail::context_here(ctx_);
      wakeline::detail::record(ctx, EventKind::ChannelRecv, wakeline::detail::current_task_id(ctx), shared_->id, 0, 0, loc_);
      return std::exchange(shared_->value, std::nullopt);
    }

   private:
    std::shared_ptr<detail::Shared<T>> shared_;
    std::source_location loc_;
    wakeline::detail::Context* ctx_ = nullptr;
    bool registered_ = false;
  };

  Awaiter recv(std::source_location loc = std::source_location::current()) {
    if (!chan_) throw std::logic_error("oneshot::Receiver is empty");
    return Awaiter(chan_.shared(), loc);
  }
  Awaiter operator co_await() { return recv(); }

 private:
  wakeline::detail::Handle<detail::Shared<T>, wakeline::detail::End::Receiver> chan_;
};

template <typename T>
std::pair<Sender<T>, Receiver<T>> channel(std::string_view name = "oneshot",
                                          std::source_location loc = std::source_location::current()) {
  auto shared = wakeline::detail::open_channel<detail::Shared<T>>("oneshot::channel", name, ChannelKind::Oneshot, 1, loc);
  return {Sender<T>(shared), Receiver<T>(shared)};
}

}  // namespace wakeline::oneshot
