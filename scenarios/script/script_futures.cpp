#include "script_futures.hpp"

#include <lua.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <utility>

#include "wakeline/detail/group.hpp"
#include "wakeline/io.hpp"
#include "wakeline/time.hpp"
#include "wakeline/timeout.hpp"

namespace wakeline::scenarios::script {

using Nanos = std::chrono::nanoseconds;

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

Value to_value(lua_State* L, int index, bool shared) {
  switch (lua_type(L, index)) {
    case LUA_TNIL:
    case LUA_TNONE: return std::monostate{};
    case LUA_TBOOLEAN: return lua_toboolean(L, index) != 0;
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) return static_cast<std::int64_t>(lua_tointeger(L, index));
      return static_cast<double>(lua_tonumber(L, index));
    case LUA_TSTRING: {
      std::size_t length = 0;
      const char* text = lua_tolstring(L, index, &length);
      return std::string(text, length);
    }
    default:
      lua_pushvalue(L, index);
      return LuaRef{luaL_ref(L, LUA_REGISTRYINDEX), shared};
  }
}

std::string describe_message(const Value& value) {
  switch (value.index()) {
    case 0: return "nil";
    case 1: return std::get<bool>(value) ? "true" : "false";
    case 2: return std::to_string(std::get<std::int64_t>(value));
    case 3: {
      // As Lua 5.4 writes a float: "%.14g", with ".0" when that looks like an integer.
      char text[64];
      const int n = std::snprintf(text, sizeof text, "%.14g", std::get<double>(value));
      std::string out(text, n > 0 ? static_cast<std::size_t>(n) : 0);
      if (out.find_first_not_of("-0123456789") == std::string::npos) out += ".0";
      return out;
    }
    case 4: return std::get<std::string>(value);
    default: return {};
  }
}

namespace {
void push_object(lua_State* L, std::shared_ptr<HostObject> object) {
  auto** box = static_cast<HostObject**>(lua_newuserdatauv(L, sizeof(HostObject*), 0));
  *box = object.get();
  luaL_setmetatable(L, object->type_name());
  state_of(L).adopt(std::move(object));
}
}  // namespace

void push_value(lua_State* L, Value& value) {
  switch (value.index()) {
    case 0: lua_pushnil(L); break;
    case 1: lua_pushboolean(L, std::get<bool>(value)); break;
    case 2: lua_pushinteger(L, static_cast<lua_Integer>(std::get<std::int64_t>(value))); break;
    case 3: lua_pushnumber(L, std::get<double>(value)); break;
    case 4: lua_pushlstring(L, std::get<std::string>(value).data(), std::get<std::string>(value).size()); break;
    case 5: {
      LuaRef& ref = std::get<LuaRef>(value);
      lua_rawgeti(L, LUA_REGISTRYINDEX, ref.ref);
      if (!ref.shared) {
        luaL_unref(L, LUA_REGISTRYINDEX, ref.ref);
        ref.ref = LUA_NOREF;
      }
      break;
    }
    default: push_object(L, std::move(std::get<std::shared_ptr<HostObject>>(value))); break;
  }
}

int push_values(lua_State* L, Values& values) {
  luaL_checkstack(L, static_cast<int>(values.size()) + 1, "too many results");
  for (auto& value : values) push_value(L, value);
  return static_cast<int>(values.size());
}

Values pop_values(lua_State* L, int count) {
  Values values;
  values.reserve(static_cast<std::size_t>(count));
  const int first = lua_gettop(L) - count + 1;
  for (int i = 0; i < count; ++i) values.push_back(to_value(L, first + i));
  lua_pop(L, count);
  return values;
}

namespace {

Values one(Value value) {
  Values values;
  values.push_back(std::move(value));
  return values;
}
Values error_values(std::string message) {
  Values values;
  values.emplace_back(std::monostate{});
  values.emplace_back(std::move(message));
  return values;
}
bool is_failure(const Values& values) {
  return values.size() >= 2 && values[0].index() == 0 && values[1].index() != 0;
}

// ---------------------------------------------------------------------------------------------
// Driving a Lua coroutine
// ---------------------------------------------------------------------------------------------

// Resumes the coroutine until it returns: each time it yields a future, co_awaits that future
// outside the guard and resumes it with the result. `co` has its function and arguments pushed.
Task<Values> drive(ScriptState& state, lua_State* co, int thread_ref, int nargs) {
  int pushed = nargs;
  for (;;) {
    FutureSpec next;
    {
      std::lock_guard guard(state.guard);
      int nresults = 0;
      const int status = state.resume(co, pushed, &nresults);
      if (status == LUA_OK) {
        Values results = pop_values(co, nresults);
        state.give_back_thread(co, thread_ref);
        co_return results;
      }
      if (status != LUA_YIELD) {
        std::string message = state.error_message(co, status);
        state.release_ref(thread_ref);
        throw ScriptError(message);
      }
      // `await` yields a future, already checked and marked taken; or, to spare making one, the
      // JoinHandle it awaits and `true`.
      if (nresults == 2) {
        auto* handle = static_cast<HandleObject*>(lua_touserdata(co, -2));
        next.kind = FutureKind::JoinHandle;
        next.object = handle;
        next.site = handle->await_site;
      } else {
        next = std::move(static_cast<FutureBox*>(lua_touserdata(co, -1))->spec);
      }
      lua_pop(co, nresults);
    }
    Values got = co_await run_future(state, std::move(next));
    {
      std::lock_guard guard(state.guard);
      pushed = push_values(co, got);
    }
  }
}

// join, try_join and select over a list whose length the script decides.
class ValuesGroup {
 public:
  ValuesGroup(detail::Group::Rule rule, CombinatorKind kind, std::source_location loc, std::vector<Task<Values>> tasks)
      : values_(tasks.size()), group_(rule, kind, loc, tasks.size()) {
    for (std::size_t i = 0; i < tasks.size(); ++i)
      group_.add(detail::run_branch<Values>(std::move(tasks[i]), values_[i], group_.error_slot()));
  }
  bool await_ready() const noexcept { return group_.size() == 0; }
  void await_suspend(std::coroutine_handle<> h) { group_.start(h); }
  void await_resume() const noexcept {}

  std::ptrdiff_t winner() const { return group_.winner; }
  std::ptrdiff_t first_error() const { return group_.first_error; }
  std::exception_ptr error(std::size_t i) const { return group_.errors[i]; }
  Values take(std::size_t i) { return std::move(*values_[i]); }
  std::size_t size() const { return values_.size(); }

 private:
  std::vector<std::optional<Values>> values_;
  detail::Group group_;
};

// A try_join branch fails when its future gives (nil, error), as a Rust future gives Err.
struct BranchFailed {
  Value error;
};
Task<Values> fallible(Task<Values> inner) {
  Values got = co_await std::move(inner);
  if (is_failure(got)) throw BranchFailed{std::move(got[1])};
  co_return got;
}

Value error_of(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (BranchFailed& failed) {
    return std::move(failed.error);
  } catch (const std::exception& e) {
    return std::string(e.what());
  } catch (...) {
    return std::string("unknown error");
  }
}

std::vector<Task<Values>> branches(ScriptState& state, std::vector<FutureSpec>& children, bool fallible_branches) {
  std::vector<Task<Values>> tasks;
  tasks.reserve(children.size());
  for (auto& child : children) {
    Task<Values> task = run_future(state, std::move(child));
    tasks.push_back(fallible_branches ? fallible(std::move(task)) : std::move(task));
  }
  return tasks;
}

// A table {v1, v2, ...} of each branch's first value.
Value list_of(ScriptState& state, std::vector<Values>& results) {
  std::lock_guard guard(state.guard);
  lua_State* L = state.lua();
  lua_createtable(L, static_cast<int>(results.size()), 0);
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].empty()) lua_pushnil(L);
    else push_value(L, results[i][0]);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  return LuaRef{luaL_ref(L, LUA_REGISTRYINDEX), false};
}

Task<Values> run_join(ScriptState& state, FutureSpec spec, bool try_join) {
  auto tasks = branches(state, spec.children, try_join);
  ValuesGroup group(try_join ? detail::Group::Rule::FirstError : detail::Group::Rule::All,
                    try_join ? CombinatorKind::TryJoin : CombinatorKind::Join, spec.site, std::move(tasks));
  co_await group;
  if (group.first_error() >= 0) {
    auto error = group.error(static_cast<std::size_t>(group.first_error()));
    if (!try_join) std::rethrow_exception(error);
    Values failed;
    failed.emplace_back(std::monostate{});
    failed.push_back(error_of(error));
    co_return failed;
  }
  std::vector<Values> results;
  for (std::size_t i = 0; i < group.size(); ++i) results.push_back(group.take(i));
  if (spec.as_table || try_join) co_return one(list_of(state, results));
  Values firsts;
  for (auto& r : results) firsts.push_back(r.empty() ? Value{} : std::move(r[0]));
  co_return firsts;
}

Task<Values> run_select(ScriptState& state, FutureSpec spec) {
  auto tasks = branches(state, spec.children, false);
  ValuesGroup group(detail::Group::Rule::First, CombinatorKind::Select, spec.site, std::move(tasks));
  co_await group;
  const auto winner = static_cast<std::size_t>(group.winner());
  if (auto error = group.error(winner)) std::rethrow_exception(error);
  Values out = group.take(winner);
  out.insert(out.begin(), Value{static_cast<std::int64_t>(winner + 1)});  // which branch, counted from 1
  co_return out;
}

template <typename Object>
Object& object(const FutureSpec& spec) {
  return *static_cast<Object*>(spec.object);
}

}  // namespace

inline constexpr const char* kElapsed = "deadline has elapsed";

Task<Values> run_future(ScriptState& state, FutureSpec spec) {
  switch (spec.kind) {
    case FutureKind::Sleep: co_await sleep_until(Nanos(spec.number), spec.site); co_return Values{};
    case FutureKind::Yield: co_await yield_now(spec.site); co_return Values{};
    case FutureKind::Fetch: {
      std::string body = co_await fake_fetch(spec.text, Nanos(spec.number), static_cast<std::size_t>(spec.bytes), spec.site);
      co_return one(std::move(body));
    }
    case FutureKind::Call: co_return co_await drive(state, spec.thread, spec.call, static_cast<int>(spec.number));
    case FutureKind::Join: co_return co_await run_join(state, std::move(spec), false);
    case FutureKind::TryJoin: co_return co_await run_join(state, std::move(spec), true);
    case FutureKind::Select: co_return co_await run_select(state, std::move(spec));
    case FutureKind::Timeout: {
      Task<Values> inner = run_future(state, std::move(spec.children[0]));
      std::optional<Values> got = co_await timeout(Nanos(spec.number), std::move(inner), spec.site);
      if (!got) co_return error_values(kElapsed);
      co_return std::move(*got);
    }
    case FutureKind::JoinHandle: {
      JoinResult<Values> result = co_await std::move(object<HandleObject>(spec).held).join(spec.site);
      if (result.ok()) co_return std::move(result.value());
      co_return error_values(result.error().message);
    }
    case FutureKind::Send: {
      const bool sent = co_await object<MpscSender>(spec).held.send(std::move(spec.value), spec.site);
      if (sent) co_return one(true);
      co_return error_values("channel closed");
    }
    case FutureKind::Recv: {
      std::optional<Value> message = co_await object<MpscReceiver>(spec).held.recv(spec.site);
      if (message) co_return one(std::move(*message));
      co_return Values{};
    }
    case FutureKind::OneshotRecv: {
      std::optional<Value> message = co_await object<OneshotReceiver>(spec).held.recv(spec.site);
      if (message) co_return one(std::move(*message));
      co_return error_values("sender dropped");
    }
    case FutureKind::BroadcastRecv: {
      broadcast::RecvResult<Value> got = co_await object<BroadcastReceiver>(spec).held.recv(spec.site);
      if (got.ok()) co_return one(std::move(*got.value));
      if (got.is_lagged()) co_return error_values("lagged " + std::to_string(got.lagged));
      co_return error_values("channel closed");
    }
    case FutureKind::WatchChanged: {
      const bool changed = co_await object<WatchReceiver>(spec).held.changed(spec.site);
      co_return one(changed);
    }
    case FutureKind::Lock: {
      MutexGuard<Value> guard = co_await object<MutexObject>(spec).mutex.lock(spec.site);
      co_return one(std::shared_ptr<HostObject>(std::make_shared<GuardObject>(std::move(guard))));
    }
    case FutureKind::Acquire: {
      Permit permit = co_await object<SemaphoreObject>(spec).semaphore.acquire(static_cast<std::size_t>(spec.number), spec.site);
      if (!permit) co_return error_values("semaphore closed");
      co_return one(std::shared_ptr<HostObject>(std::make_shared<PermitObject>(std::move(permit))));
    }
    case FutureKind::JoinNext: {
      std::optional<JoinResult<Values>> done = co_await object<JoinSetObject>(spec).held.join_next(spec.site);
      if (!done) co_return error_values("the set is empty");
      if (done->ok()) co_return std::move(done->value());
      co_return error_values(done->error().message);
    }
  }
  co_return Values{};
}

Task<Values> task_for(std::shared_ptr<ScriptState> state, FutureSpec spec) {
  // Most spawned futures are calls of async functions: drive them without the frames between.
  if (spec.kind == FutureKind::Call) co_return co_await drive(*state, spec.thread, spec.call, static_cast<int>(spec.number));
  co_return co_await run_future(*state, std::move(spec));
}

Task<Values> run_main(std::shared_ptr<ScriptState> state, int params_ref) {
  lua_State* co = nullptr;
  int thread_ref = LUA_NOREF;
  {
    std::lock_guard guard(state->guard);
    co = state->take_thread(&thread_ref);
    lua_getglobal(co, "main");
    lua_rawgeti(co, LUA_REGISTRYINDEX, params_ref);
    luaL_unref(co, LUA_REGISTRYINDEX, params_ref);
  }
  co_return co_await drive(*state, co, thread_ref, 1);
}

}  // namespace wakeline::scenarios::script
