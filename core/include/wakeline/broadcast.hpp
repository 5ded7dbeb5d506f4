// broadcast: every Receiver sees every message sent after it subscribed (a copy each). The
// channel keeps the last `capacity` messages in a ring; a receiver that falls further behind
// loses the oldest ones and is told so once with Lagged(n), then goes on from the oldest kept.
// send never waits: a fast sender is never held back by a slow receiver. When every Sender is
// gone, receivers drain what is left, then see Closed.
//
//   auto [tx, rx1] = broadcast::channel<int>(16, "events");
//   auto rx2 = tx.subscribe();
//   tx.send(7);                                 // reaches both receivers
//   auto r = co_await rx1.recv();               // r.ok(), *r.value == 7
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>

#include "wakeline/detail/channel_core.hpp"
#include "wakeline/detail/context.hpp"
#include "wakeline/message_text.hpp"
#include "wakeline/detail/waiter_list.hpp"

namespace wakeline::broadcast {

// What recv gives: a message, Lagged(n) when n messages were overwritten before this receiver
// read them, or Closed when every sender is gone and nothing is left for it.
template <typename T>
struct RecvResult {
  enum class Kind : std::uint8_t { Value, Lagged, Closed };
  Kind kind = Kind::Closed;
  std::optional<T> value;   // the message, when kind is Value
  std::uint64_t lagged = 0;  // when kind is Lagged: how many messages it missed

  bool ok() const noexcept { return kind == Kind::Value; }
  bool is_lagged() const noexcept { return kind == Kind::Lagged; }
  bool is_closed() const noexcept { return kind == Kind::Closed; }
};

namespace detail {
using wakeline::detail::Context;
using wakeline::detail::Waker;

template <typename T>
struct Slot {
  std::uint64_t seq;
  T value;
  std::size_t unread;  // receivers that were subscribed when it was sent and have not read it
};

// Invariant: the ring holds consecutive sequence numbers ending at next_seq - 1. A slot leaves
// it when every receiver has read it (it is then always the oldest: receivers read in order) or
// when a send needs its place (then some receivers will see Lagged).
template <typename T>
struct Shared : wakeline::detail::ChannelCore {
  std::size_t capacity = 0;
  std::deque<Slot<T>> ring;
  std::uint64_t next_seq = 0;
  wakeline::detail::WaiterList<wakeline::detail::WakeWaiter> waiting;  // every receiver waiting for the next message

  std::uint64_t oldest_seq() const { return ring.empty() ? next_seq : ring.front().seq; }

  // Lock held. Whether a receiver positioned at `next` has something to get: a message, a lag
  // report, or the end. Once true it stays true until that receiver takes it, because only the
  // receiver itself moves `next`.
  bool ready_locked(std::uint64_t next) const { return next < next_seq || senders == 0; }

  // Lock held, ready_locked(next) true. Takes what a receiver at `next` gets, and moves it on.
  RecvResult<T> take_locked(Context& ctx, std::uint64_t& next, const std::source_location& loc) {
    RecvResult<T> out;
    std::uint64_t oldest = oldest_seq();
    if (next < oldest) {
      out.kind = RecvResult<T>::Kind::Lagged;
      out.lagged = oldest - next;
      next = oldest;
      return out;
    }
    if (next == next_seq) return out;  // Closed
    Slot<T>& slot = ring[static_cast<std::size_t>(next - oldest)];
    out.kind = RecvResult<T>::Kind::Value;
    // The last reader takes the value itself; the others get copies.
    if (--slot.unread == 0) out.value.emplace(std::move(slot.value)); else out.value.emplace(slot.value);
    std::uint64_t seq = next++;
    drop_read_locked();
    wakeline::detail::record(ctx, EventKind::ChannelRecv, wakeline::detail::current_task_id(ctx), id, seq, ring.size(),
                             loc);
    return out;
  }

  void drop_read_locked() {
    while (!ring.empty() && ring.front().unread == 0) ring.pop_front();
  }

  // Lock held. A receiver at `next` goes away: it will never read the slots it was counted in.
  void forget_receiver_locked(std::uint64_t next) {
    for (auto& slot : ring)
      if (slot.seq >= next) --slot.unread;
    drop_read_locked();
  }

  void wake_all_locked(Context& ctx) { wakeline::detail::wake_all(ctx, waiting, id); }

  // Closed: receivers drain what is left, then see Closed.
  void last_sender_gone_locked(Context* ctx) {
    if (!ctx) return;
    wakeline::detail::record(*ctx, EventKind::ChannelClose, wakeline::detail::current_task_id(*ctx), id, 0, ring.size(), {});
    wake_all_locked(*ctx);
  }
  void last_receiver_gone_locked(Context*) {}
};
}  // namespace detail

template <typename T>
class Receiver;

// Awaiting the next message for one receiver. Nothing is taken from the channel before
// await_resume, so dropping it at any point (select lost, task aborted) loses no message.
template <typename T>
class [[nodiscard]] RecvFuture {
 public:
  RecvFuture(Receiver<T>& rx, std::source_location loc) : rx_(&rx) { wait_.loc = loc; }
  RecvFuture(RecvFuture&& o) noexcept : rx_(o.rx_) { wait_.loc = o.wait_.loc; }  // only before it is awaited
  RecvFuture(const RecvFuture&) = delete;
  RecvFuture& operator=(const RecvFuture&) = delete;
  ~RecvFuture() {
    if (!wait_.registered) return;
    std::lock_guard guard(shared().lock);
    wait_.leave(shared().waiting);
  }

  bool await_ready() {
    auto& ctx = wakeline::detail::require_context("broadcast recv");
    std::lock_guard guard(shared().lock);
    return wait_.ready(ctx, shared().ready_locked(rx_->next_));
  }
  bool await_suspend(std::coroutine_handle<> h) {
    if (wait_.yields(h)) return true;
    auto& s = shared();
    std::lock_guard guard(s.lock);
    return wait_.suspend(h, s.waiting, s.id, shared().ready_locked(rx_->next_), s.ring.size());
  }
  RecvResult<T> await_resume() {
    // Not wait_.ctx: after a wait the task may resume on another worker, whose context this is.
    auto& ctx = wakeline::detail::require_context("broadcast recv");
    auto& s = shared();
    std::lock_guard guard(s.lock);
    wait_.leave(s.waiting);
    return s.take_locked(ctx, rx_->next_, wait_.loc);
  }

 private:
  detail::Shared<T>& shared() const { return *rx_->chan_; }

  Receiver<T>* rx_;
  wakeline::detail::LineWait wait_;
};

// One subscriber. Move-only; a pending recv() refers to it, so keep it in place until that ends.
template <typename T>
class Receiver {
 public:
  Receiver() = default;
  Receiver(std::shared_ptr<detail::Shared<T>> s, std::uint64_t next) : chan_(std::move(s)), next_(next) {}
  Receiver(Receiver&& o) noexcept = default;
  Receiver& operator=(Receiver&& o) noexcept {
    if (this != &o) {
      drop();
      chan_ = std::move(o.chan_);
      next_ = o.next_;
    }
    return *this;
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;
  ~Receiver() { drop(); }

  RecvFuture<T> recv(std::source_location loc = std::source_location::current()) {
    if (!chan_) throw std::logic_error("recv on an empty broadcast::Receiver");
    return RecvFuture<T>(*this, loc);
  }
  // A new receiver that sees messages sent from now on (Tokio's resubscribe).
  Receiver resubscribe() const {
    if (!chan_) throw std::logic_error("resubscribe on an empty broadcast::Receiver");
    std::lock_guard guard(chan_->lock);
    ++chan_->receivers;
    return Receiver(chan_.shared(), chan_->next_seq);
  }
  // Messages sent that this receiver has not received yet (counting any it will be told it missed).
  std::size_t len() const {
    std::lock_guard guard(chan_->lock);
    return static_cast<std::size_t>(chan_->next_seq - next_);
  }
  std::uint64_t channel_id() const { return chan_ ? chan_->id : 0; }

 private:
  friend class RecvFuture<T>;
  void drop() {
    chan_.drop([next = next_](detail::Shared<T>& s) { s.forget_receiver_locked(next); });
  }
  wakeline::detail::Handle<detail::Shared<T>, wakeline::detail::End::Receiver> chan_;
  std::uint64_t next_ = 0;  // sequence number of the next message it will read
};

template <typename T>
class Sender {
 public:
  Sender() = default;
  explicit Sender(std::shared_ptr<detail::Shared<T>> s) : chan_(std::move(s)) {}

  // Puts the message in the ring (overwriting the oldest if it is full) and wakes the waiting
  // receivers. Returns how many receivers it will reach; 0, and nothing sent, if there are none.
  std::size_t send(T value, std::source_location loc = std::source_location::current()) const {
    if (!chan_) throw std::logic_error("send on an empty broadcast::Sender");
    auto& s = *chan_;
    std::optional<detail::Slot<T>> overwritten;  // destroyed once nothing is locked
    wakeline::detail::WakingContext here = s.waking_context();
    std::lock_guard guard(s.lock);
    if (s.receivers == 0) return 0;
    std::uint64_t seq = s.next_seq++;
    if (s.ring.size() >= s.capacity) {  // its unread receivers will see Lagged
      overwritten.emplace(std::move(s.ring.front()));
      s.ring.pop_front();
    }
    s.ring.push_back(detail::Slot<T>{seq, std::move(value), s.receivers});
    if (auto* ctx = here.get()) {
      wakeline::detail::record(*ctx, EventKind::ChannelSend, wakeline::detail::current_task_id(*ctx), s.id, seq,
                               s.ring.size(), loc);
      wakeline::detail::note_message(*ctx, s.id, seq, s.ring.back().value);
      s.wake_all_locked(*ctx);
    }
    return s.receivers;
  }
  // A new receiver that sees messages sent from now on.
  Receiver<T> subscribe() const {
    if (!chan_) throw std::logic_error("subscribe on an empty broadcast::Sender");
    std::lock_guard guard(chan_->lock);
    ++chan_->receivers;
    return Receiver<T>(chan_.shared(), chan_->next_seq);
  }
  std::size_t receiver_count() const {
    std::lock_guard guard(chan_->lock);
    return chan_->receivers;
  }
  // Messages in the ring that some receiver has not read yet.
  std::size_t len() const {
    std::lock_guard guard(chan_->lock);
    return chan_->ring.size();
  }
  // Drops this sender now (like Rust's drop(tx)): the last one closes the channel.
  void close() { chan_.drop(); }
  std::uint64_t channel_id() const { return chan_ ? chan_->id : 0; }

 private:
  wakeline::detail::Handle<detail::Shared<T>, wakeline::detail::End::Sender> chan_;
};

// A channel keeping the last `capacity` messages (exactly; Tokio rounds it up to a power of two).
template <typename T>
std::pair<Sender<T>, Receiver<T>> channel(std::size_t capacity, std::string_view name = "broadcast",
                                          std::source_location loc = std::source_location::current()) {
  static_assert(std::is_copy_constructible_v<T>, "broadcast gives every receiver its own copy: T must be copyable");
  if (capacity == 0) throw std::invalid_argument("broadcast::channel capacity is 0; allowed: 1 or more");
  auto shared =
      wakeline::detail::open_channel<detail::Shared<T>>("broadcast::channel", name, ChannelKind::Broadcast, capacity, loc);
  shared->capacity = capacity;
  return {Sender<T>(shared), Receiver<T>(shared, 0)};
}

}  // namespace wakeline::broadcast
