// The line of tasks waiting on a channel, a watch or a permit queue: an intrusive FIFO linked
// through the waiters themselves, which live in the awaiting coroutines' frames. No allocation per
// wait, and a waiter dropped mid-wait (select lost, task aborted) leaves the line in O(1). Every
// call needs the owner's lock held.
#pragma once

#include <coroutine>
#include <cstdint>
#include <source_location>
#include <utility>

#include "wakeline/detail/context.hpp"

namespace wakeline::detail {

// W has `W* next` and `W* prev`, and may have `bool queued`, kept true while it is in the line.
template <typename W>
struct WaiterList {
  W* head = nullptr;
  W* tail = nullptr;

  bool empty() const { return head == nullptr; }

  void push_back(W* w) {
    w->prev = tail;
    w->next = nullptr;
    if (tail) tail->next = w; else head = w;
    tail = w;
    if constexpr (requires { w->queued; }) w->queued = true;
  }

  void remove(W* w) {
    if (w->prev) w->prev->next = w->next; else head = w->next;
    if (w->next) w->next->prev = w->prev; else tail = w->prev;
    w->next = w->prev = nullptr;
    if constexpr (requires { w->queued; }) w->queued = false;
  }

  // Takes the waiter first in line; null when none waits.
  W* pop_front() {
    W* w = head;
    if (w) remove(w);
    return w;
  }
};

// A waiter that only needs waking when something changes: a broadcast receiver, a watch receiver.
struct WakeWaiter {
  Waker waker;
  std::source_location loc;
  bool queued = false;
  WakeWaiter* next = nullptr;
  WakeWaiter* prev = nullptr;
};

// Wakes everyone in line, first come first woken, as woken by channel `channel`.
inline void wake_all(Context& ctx, WaiterList<WakeWaiter>& line, std::uint64_t channel) {
  while (WakeWaiter* w = line.pop_front()) wake(ctx, std::exchange(w->waker, Waker{}), WakeCause::Channel, channel, w->loc);
}

// What every awaiter that waits in a WaiterList<WakeWaiter> until something is decided shares (a
// broadcast recv, a watch changed): the cooperative budget, the re-check under the owner's lock,
// joining the line with its ChannelWait event, and leaving it when resumed or dropped. The awaiter
// keeps the lock and says what "decided" means.
struct LineWait {
  std::source_location loc;
  WakeWaiter waiter;
  Context* ctx = nullptr;
  bool registered = false;   // has joined the line at least once and not resumed since
  bool yield_after = false;  // decided in await_ready, but this poll's budget is spent

  // await_ready, owner's lock held.
  bool ready(Context& here, bool decided) {
    ctx = &here;
    if (!decided) return false;
    return take_budget(here) ? true : (yield_after = true, false);
  }
  // First thing in await_suspend, before taking the lock: a spent budget yields instead.
  bool yields(std::coroutine_handle<> h) {
    if (yield_after) defer_yield(*ctx, h, loc);
    return yield_after;
  }
  // The rest of await_suspend, owner's lock held. `decided` is checked again (another thread may
  // have decided it since await_ready); `buffered` goes into the ChannelWait event.
  bool suspend(std::coroutine_handle<> h, WaiterList<WakeWaiter>& line, std::uint64_t channel, bool decided,
               std::uint64_t buffered) {
    if (decided) {
      if (take_budget(*ctx)) return false;
      defer_yield(*ctx, h, loc);
      return true;
    }
    waiter.loc = loc;
    waiter.waker = suspend_current(*ctx, h, {WaitKind::ChannelRecv, channel}, loc);
    line.push_back(&waiter);
    registered = true;
    record(*ctx, EventKind::ChannelWait, current_task_id(*ctx), channel, static_cast<std::uint64_t>(WaitSide::Recv),
           buffered, loc);
    return true;
  }
  // Owner's lock held: out of the line (resumed, or dropped while waiting: select lost, aborted).
  void leave(WaiterList<WakeWaiter>& line) {
    if (registered && waiter.queued) line.remove(&waiter);
    registered = false;
  }
};

}  // namespace wakeline::detail
