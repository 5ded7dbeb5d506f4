// The machinery under join, try_join, join_all, select and timeout: each child future becomes a
// branch with its own strand inside the *calling* task. Starting the group makes every branch
// ready in the same poll; a finished branch wakes the parent strand (cause: join child) when the
// group's rule is met; dropping the group destroys the unfinished branches, which is where
// select's losers are cancelled.
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <source_location>
#include <utility>
#include <vector>

#include "wakeline/detail/context.hpp"
#include "wakeline/task.hpp"

namespace wakeline::detail {

struct Group;

struct BranchCoroutine {
  struct promise_type {
    Group* group = nullptr;
    std::size_t index = 0;
    BranchCoroutine get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept;
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

struct Group {
  enum class Rule { All, FirstError, First };  // join / try_join / select
  Rule rule = Rule::All;
  CombinatorKind kind = CombinatorKind::Join;
  std::source_location loc;
  Context* ctx = nullptr;
  Strand* parent = nullptr;
  std::size_t remaining = 0;
  std::ptrdiff_t winner = -1;       // select: first branch to finish
  std::ptrdiff_t first_error = -1;  // in completion order
  bool parent_woken = false;
  std::vector<BranchStrand> strands;
  std::vector<std::coroutine_handle<>> frames;
  std::vector<bool> done;
  std::vector<std::exception_ptr> errors;
  BranchTurns turns;

  // Sized up front: branches keep references into `errors` from the moment they are added.
  Group(Rule r, CombinatorKind k, std::source_location l, std::size_t n)
      : rule(r), kind(k), loc(l), strands(n), done(n, false), errors(n) {
    frames.reserve(n);
  }
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;
  ~Group() { drop(); }

  std::size_t size() const noexcept { return frames.size(); }
  std::exception_ptr& error_slot() { return errors[frames.size()]; }
  void add(BranchCoroutine branch) {
    branch.handle.promise().group = this;
    branch.handle.promise().index = frames.size();
    frames.push_back(branch.handle);
  }

  // Suspends the parent strand and makes every branch ready, in order, in the current poll.
  void start(std::coroutine_handle<> parent_handle) {
    ctx = &require_context("join/select");
    std::size_t n = frames.size();
    remaining = n;
    parent = ctx->strand;
    suspend_current(*ctx, parent_handle, {WaitKind::Join, 0}, loc);
    TaskExtras& extras = extras_of(*ctx->task);  // the task's first join/select makes its ready list
    std::lock_guard guard(ctx->task->lock);
    turns.first_poll = extras.polls;
    turns.branches = static_cast<std::uint32_t>(n);
    for (std::size_t i = 0; i < n; ++i) {
      strands[i].task = ctx->task;
      strands[i].is_branch = true;
      strands[i].turns = rule == Rule::First ? nullptr : &turns;
      strands[i].branch = static_cast<std::uint32_t>(i);
      strands[i].resume = frames[i];
      strands[i].wait_location = loc;
      ctx->task->push_ready_locked(&strands[i]);
    }
  }

  void branch_done(std::size_t i) {
    done[i] = true;
    --remaining;
    if (errors[i] && first_error < 0) first_error = static_cast<std::ptrdiff_t>(i);
    if (winner < 0) winner = static_cast<std::ptrdiff_t>(i);
    bool finished = remaining == 0 || rule == Rule::First || (rule == Rule::FirstError && errors[i]);
    if (finished && !parent_woken) {
      parent_woken = true;
      // Decided: branches still waiting for their turn in this poll must not run, or a second
      // ready branch would take its message only to be dropped with it.
      if (remaining != 0) {
        TaskHeader* t = strands.front().task;
        std::lock_guard guard(t->lock);
        for (std::size_t k = 0; k < strands.size(); ++k)
          if (!done[k]) t->unlink_ready_locked(&strands[k]);
      }
      wake(context_here(ctx), Waker{parent}, WakeCause::JoinChild, i, loc);
    }
  }

  // Destroys unfinished branches first (their awaiters unregister from timers and channels),
  // then takes their strands off the task's ready list.
  void drop() noexcept {
    if (frames.empty()) return;
    for (std::size_t i = 0; i < frames.size(); ++i) {
      if (i < done.size() && !done[i] && ctx)
        record(context_here(ctx), EventKind::FutureDropped, strands.front().task->id, i,
               static_cast<std::uint64_t>(kind), 0, loc);
      if (frames[i]) frames[i].destroy();
    }
    frames.clear();
    if (ctx && !strands.empty()) {
      TaskHeader* t = strands.front().task;
      std::lock_guard guard(t->lock);
      for (auto& s : strands) t->unlink_ready_locked(&s);
    }
  }
};

inline void BranchCoroutine::promise_type::Final::await_suspend(std::coroutine_handle<promise_type> h) noexcept {
  h.promise().group->branch_done(h.promise().index);
}

template <typename T>
BranchCoroutine run_branch(Task<T> child, std::optional<ValueOf<T>>& out, std::exception_ptr& error) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(child);
      out.emplace();
    } else {
      out.emplace(co_await std::move(child));
    }
  } catch (...) {
    error = std::current_exception();
  }
}

}  // namespace wakeline::detail
