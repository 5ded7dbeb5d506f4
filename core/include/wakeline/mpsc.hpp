// mpsc: the multi-producer, single-consumer channel. Bounded (send waits while `capacity`
// messages are in the channel: backpressure) or unbounded. As in Tokio, a message holds its slot
// until the receiver has taken it, even one handed straight to a waiting receiver. The channel
// closes when the last Sender is gone: recv then drains the buffer and reports the end with
// std::nullopt. When the Receiver is gone, what is queued is destroyed and sends fail. Cancelling
// a pending send or recv loses no message: a message handed to a receiver that is dropped goes
// back to the front.
//
//   auto [tx, rx] = mpsc::channel<int>(32, "jobs");
//   co_await tx.send(7);
//   while (auto job = co_await rx.recv()) { ... }
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <utility>

#include "wakeline/detail/channel_core.hpp"
#include "wakeline/detail/context.hpp"
#include "wakeline/detail/waiter_list.hpp"
#include "wakeline/message_text.hpp"

namespace wakeline::mpsc {
namespace detail {
using wakeline::detail::Context;
using wakeline::detail::Waker;

template <typename T>
struct Message {
  std::uint64_t seq;
  T value;
};

template <typename T>
struct SendWaiter {
  std::optional<T> value;  // moved into the buffer by the receiver when room frees up
  Waker waker;
  TaskId task = 0;
  std::source_location loc;
  bool done = false;  // the value went into the channel (or the receiver is gone: sent = false)
  bool sent = false;
  SendWaiter* next = nullptr;
  SendWaiter* prev = nullptr;
};

template <typename T>
struct RecvWaiter {
  std::optional<Message<T>> handed;  // taken from the buffer, or given straight to the waiting receiver
  bool holds_slot = false;           // it keeps its slot until await_resume gives it to the task
  Waker waker;
  bool closed = false;
  std::source_location loc;
};

template <typename T>
struct Shared : wakeline::detail::ChannelCore {
  std::size_t capacity = 0;  // 0: unbounded
  std::deque<Message<T>> buffer;
  std::size_t handed = 0;  // messages given to the receiver whose recv has not returned them yet
  std::uint64_t next_seq = 0;
  bool closed = false;
  RecvWaiter<T>* receiver = nullptr;
  wakeline::detail::WaiterList<SendWaiter<T>> senders_waiting;  // for room in a full channel, first in line first

  // What len() and the events' buffer length count: every message sent and not yet received.
  std::size_t in_channel() const { return buffer.size() + handed; }
  bool full() const { return capacity != 0 && in_channel() >= capacity; }

  void record(Context& ctx, EventKind kind, TaskId task, std::uint64_t seq, const std::source_location& loc) {
    wakeline::detail::record(ctx, kind, task, id, seq, in_channel(), loc);
  }

  // Lock held. Delivers a message: to the waiting receiver if there is one, else to the buffer.
  void deliver(Context& ctx, TaskId from, T value, const std::source_location& loc) {
    std::uint64_t seq = next_seq++;
    if (receiver) {
      RecvWaiter<T>* r = std::exchange(receiver, nullptr);
      r->handed.emplace(Message<T>{seq, std::move(value)});
      r->holds_slot = true;
      ++handed;
      record(ctx, EventKind::ChannelSend, from, seq, loc);
      wakeline::detail::note_message(ctx, id, seq, r->handed->value);
      wakeline::detail::wake(ctx, std::exchange(r->waker, Waker{}), WakeCause::Channel, id, r->loc);
      return;
    }
    buffer.push_back(Message<T>{seq, std::move(value)});
    record(ctx, EventKind::ChannelSend, from, seq, loc);
    wakeline::detail::note_message(ctx, id, seq, buffer.back().value);
  }

  // Lock held, after a message left the buffer: the first waiting sender's message moves in.
  void admit_waiting_sender(Context& ctx) {
    if (senders_waiting.empty() || full()) return;
    SendWaiter<T>* s = senders_waiting.pop_front();
    deliver(ctx, s->task, std::move(*s->value), s->loc);
    s->value.reset();
    s->done = s->sent = true;
    wakeline::detail::wake(ctx, std::exchange(s->waker, Waker{}), WakeCause::Channel, id, s->loc);
  }

  // The channel closes: a receiver waiting for a message is told so.
  void last_sender_gone_locked(Context* ctx) {
    if (!ctx) return;
    record(*ctx, EventKind::ChannelClose, wakeline::detail::current_task_id(*ctx), 0, {});
    if (RecvWaiter<T>* r = std::exchange(receiver, nullptr)) {
      r->closed = true;
      wakeline::detail::wake(*ctx, std::exchange(r->waker, Waker{}), WakeCause::Channel, id, r->loc);
    }
  }
  // No one will receive: senders waiting for room fail, and what is queued is handed back to be
  // destroyed once the lock is released (a message may hold a Sender of this very channel).
  std::deque<Message<T>> last_receiver_gone_locked(Context* ctx) {
    while (SendWaiter<T>* s = senders_waiting.pop_front()) {
      s->done = true;
      s->sent = false;
      if (ctx) wakeline::detail::wake(*ctx, std::exchange(s->waker, Waker{}), WakeCause::Channel, id, s->loc);
    }
    return std::exchange(buffer, {});
  }
};
}  // namespace detail

template <typename T>
class Sender;
template <typename T>
class Receiver;

template <typename T>
class [[nodiscard]] SendFuture {
 public:
  SendFuture(std::shared_ptr<detail::Shared<T>> shared, T value, std::source_location loc)
      : shared_(std::move(shared)) {
    waiter_.value.emplace(std::move(value));
    waiter_.loc = loc;
  }
  SendFuture(SendFuture&&) = default;  // only before it is awaited
  SendFuture(const SendFuture&) = delete;
  SendFuture& operator=(const SendFuture&) = delete;
  ~SendFuture() {
    if (!registered_) return;
    std::lock_guard guard(shared_->lock);
    if (!waiter_.done) shared_->senders_waiting.remove(&waiter_);  // never entered the channel: nothing was sent
  }

  bool await_ready() {
    ctx_ = &wakeline::detail::require_context("send");
    std::lock_guard guard(shared_->lock);
    if (!try_send_locked()) return false;
    return wakeline::detail::take_budget(*ctx_) ? true : (yield_after_ = true, false);
  }
  void await_suspend(std::coroutine_handle<> h) {
    if (yield_after_) {
      wakeline::detail::defer_yield(*ctx_, h, waiter_.loc);
      return;
    }
    std::lock_guard guard(shared_->lock);
    if (try_send_locked()) {
      wakeline::detail::defer_yield(*ctx_, h, waiter_.loc);
      return;
    }
    auto& s = *shared_;
    waiter_.task = wakeline::detail::current_task_id(*ctx_);
    waiter_.waker = wakeline::detail::suspend_current(*ctx_, h, {wakeline::detail::WaitKind::ChannelSend, s.id}, waiter_.loc);
    s.senders_waiting.push_back(&waiter_);
    registered_ = true;
    wakeline::detail::record(*ctx_, EventKind::ChannelWait, waiter_.task, s.id, static_cast<std::uint64_t>(WaitSide::Send),
                             s.in_channel(), waiter_.loc);
  }
  // True if the message entered the channel; false if the receiver was gone.
  bool await_resume() noexcept { return waiter_.sent; }

 private:
  // Lock held. True when the send is decided (delivered, or refused because no receiver).
  bool try_send_locked() {
    auto& s = *shared_;
    if (s.receivers == 0 || s.closed) {
      waiter_.done = true;
      waiter_.sent = false;
      return true;
    }
    if (s.full() || !s.senders_waiting.empty()) return false;  // FIFO: earlier waiting senders go first
    s.deliver(*ctx_, wakeline::detail::current_task_id(*ctx_), std::move(*waiter_.value), waiter_.loc);
    waiter_.value.reset();
    waiter_.done = waiter_.sent = true;
    return true;
  }

  std::shared_ptr<detail::Shared<T>> shared_;
  detail::SendWaiter<T> waiter_;
  wakeline::detail::Context* ctx_ = nullptr;
  bool registered_ = false;
  bool yield_after_ = false;
};

template <typename T>
class [[nodiscard]] RecvFuture {
 public:
  RecvFuture(std::shared_ptr<detail::Shared<T>> shared, std::source_location loc) : shared_(std::move(shared)) {
    waiter_.loc = loc;
  }
  RecvFuture(RecvFuture&&) = default;  // only before it is awaited
  RecvFuture(const RecvFuture&) = delete;
  RecvFuture& operator=(const RecvFuture&) = delete;
  ~RecvFuture() {
    if (!registered_ && !waiter_.handed) return;
    std::lock_guard guard(shared_->lock);
    auto& s = *shared_;
    if (s.receiver == &waiter_) s.receiver = nullptr;
    // Given a message but dropped before returning it (select lost, or dropped during a budget
    // yield): it goes back, first in line, so no message is lost.
    if (waiter_.handed) s.buffer.push_front(std::move(*waiter_.handed));
    if (std::exchange(waiter_.holds_slot, false)) --s.handed;  // counted in the buffer again
  }

  bool await_ready() {
    ctx_ = &wakeline::detail::require_context("recv");
    std::lock_guard guard(shared_->lock);
    if (!try_recv_locked()) return false;
    return wakeline::detail::take_budget(*ctx_) ? true : (yield_after_ = true, false);
  }
  void await_suspend(std::coroutine_handle<> h) {
    if (yield_after_) {
      wakeline::detail::defer_yield(*ctx_, h, waiter_.loc);
      return;
    }
    std::lock_guard guard(shared_->lock);
    if (try_recv_locked()) {
      wakeline::detail::defer_yield(*ctx_, h, waiter_.loc);
      return;
    }
    auto& s = *shared_;
    waiter_.waker = wakeline::detail::suspend_current(*ctx_, h, {wakeline::detail::WaitKind::ChannelRecv, s.id}, waiter_.loc);
    s.receiver = &waiter_;
    registered_ = true;
    wakeline::detail::record(*ctx_, EventKind::ChannelWait, wakeline::detail::current_task_id(*ctx_), s.id,
                             static_cast<std::uint64_t>(WaitSide::Recv), s.in_channel(), waiter_.loc);
  }
  // The next message, or std::nullopt once the channel is closed and drained.
  // The receive is recorded here, when the message really reaches the task.
  std::optional<T> await_resume() {
    auto& s = *shared_;
    std::lock_guard guard(s.lock);
    registered_ = false;
    if (!waiter_.handed) return std::nullopt;
    auto message = std::move(*waiter_.handed);
    waiter_.handed.reset();
    auto& ctx = wakeline::detail::context_here(ctx_);
    const bool frees_slot = std::exchange(waiter_.holds_slot, false);
    if (frees_slot) --s.handed;
    s.record(ctx, EventKind::ChannelRecv, wakeline::detail::current_task_id(ctx), message.seq, waiter_.loc);
    if (frees_slot) s.admit_waiting_sender(ctx);  // the slot the message held is free only now
    return std::move(message.value);
  }

 private:
  // Lock held. True when the receive is decided: a message taken, or the channel is over.
  bool try_recv_locked() {
    auto& s = *shared_;
    if (!s.buffer.empty()) {
      // Out of the buffer, but its slot is free only once recv returns (await_resume), as for a
      // message handed straight to a waiting receiver: a waiting sender gets in after the receive.
      waiter_.handed.emplace(std::move(s.buffer.front()));
      s.buffer.pop_front();
      waiter_.holds_slot = true;
      ++s.handed;
      return true;
    }
    return s.senders == 0 || s.closed;
  }

  std::shared_ptr<detail::Shared<T>> shared_;
  detail::RecvWaiter<T> waiter_;
  wakeline::detail::Context* ctx_ = nullptr;
  bool registered_ = false;
  bool yield_after_ = false;
};

template <typename T>
class Sender {
 public:
  Sender() = default;
  explicit Sender(std::shared_ptr<detail::Shared<T>> s) : chan_(std::move(s)) {}

  SendFuture<T> send(T value, std::source_location loc = std::source_location::current()) const {
    if (!chan_) throw std::logic_error("send on an empty mpsc::Sender");
    return SendFuture<T>(chan_.shared(), std::move(value), loc);
  }
  // Drops this sender now (like Rust's drop(tx)): the last one closes the channel.
  void close() { chan_.drop(); }
  std::uint64_t channel_id() const { return chan_ ? chan_->id : 0; }

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

  RecvFuture<T> recv(std::source_location loc = std::source_location::current()) {
    if (!chan_) throw std::logic_error("recv on an empty mpsc::Receiver");
    return RecvFuture<T>(chan_.shared(), loc);
  }
  // Messages sent and not yet received, counting one handed to a recv that has not returned.
  std::size_t len() const {
    std::lock_guard guard(chan_->lock);
    return chan_->in_channel();
  }
  std::uint64_t channel_id() const { return chan_ ? chan_->id : 0; }

 private:
  wakeline::detail::Handle<detail::Shared<T>, wakeline::detail::End::Receiver> chan_;
};

// A bounded channel: send waits while `capacity` messages are buffered. capacity must be >= 1.
template <typename T>
std::pair<Sender<T>, Receiver<T>> channel(std::size_t capacity, std::string_view name = "mpsc",
                                          std::source_location loc = std::source_location::current()) {
  if (capacity == 0) throw std::invalid_argument("mpsc::channel capacity is 0; allowed: 1 or more (or unbounded_channel)");
  auto shared = wakeline::detail::open_channel<detail::Shared<T>>("mpsc::channel", name, ChannelKind::Mpsc, capacity, loc);
  shared->capacity = capacity;
  return {Sender<T>(shared), Receiver<T>(shared)};
}

template <typename T>
std::pair<Sender<T>, Receiver<T>> unbounded_channel(std::string_view name = "mpsc",
                                                    std::source_location loc = std::source_location::current()) {
  auto shared = wakeline::detail::open_channel<detail::Shared<T>>("mpsc::unbounded_channel", name, ChannelKind::Mpsc, 0, loc);
  return {Sender<T>(shared), Receiver<T>(shared)};
}

}  // namespace wakeline::mpsc
