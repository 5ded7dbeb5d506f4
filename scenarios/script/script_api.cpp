// The functions a lesson script calls (docs/scripting.md describes each). Every one that makes a
// future only records what to do (a FutureSpec and the script line it was made on); awaiting it
// hands it to the task's driver (script_futures.cpp), which co_awaits the real primitive.
//
// Lua reports errors with longjmp: no C++ object with a destructor may be alive in a function
// below when it calls luaL_error or a luaL_check function. Arguments are checked first, C++
// exceptions are turned into Lua errors by `api`.
#include <lua.hpp>

#include <chrono>
#include <cmath>
#include <new>
#include <span>
#include <string>

#include "script_futures.hpp"
#include "wakeline/io.hpp"
#include "wakeline/pitfalls.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/time.hpp"

namespace wakeline::scenarios::script {
namespace {

using Nanos = std::chrono::nanoseconds;
using ApiFunction = int (*)(lua_State*);

template <ApiFunction F>
int api(lua_State* L) {
  try {
    return F(L);
  } catch (const std::exception& error) {
    const std::string where = state_of(L).where(L);
    // Outside a run (the top level while the lessons list loads the file) the runtime's own
    // words would not help a teacher.
    const detail::Context* ctx = detail::current_context();
    if (!ctx || !ctx->rt)
      lua_pushfstring(L, "%sthis works only inside a task (main, or a function it calls), not at the top level of the file",
                      where.c_str());
    else
      lua_pushfstring(L, "%s%s", where.c_str(), error.what());
  }
  return lua_error(L);
}

[[noreturn]] void fail(lua_State* L, const char* message) {
  const std::string where = state_of(L).where(L);
  lua_pushfstring(L, "%s%s", where.c_str(), message);
  lua_error(L);
  std::abort();  // not reached: lua_error does not return
}

// A duration in milliseconds (fractions allowed: 0.05 is 50 us) as nanoseconds.
std::int64_t ms_arg(lua_State* L, int index, const char* what) {
  if (lua_isinteger(L, index)) {
    const lua_Integer ms = lua_tointeger(L, index);
    if (ms < 0 || ms > 365LL * 24 * 3600 * 1000) fail(L, (std::string(what) + ": the time must be from 0 to a year, in ms").c_str());
    return static_cast<std::int64_t>(ms) * 1'000'000;
  }
  if (!lua_isnumber(L, index)) fail(L, (std::string(what) + ": expected a time in ms (a number)").c_str());
  const double ms = lua_tonumber(L, index);
  if (!(ms >= 0) || ms > 365.0 * 24 * 3600 * 1000) fail(L, (std::string(what) + ": the time must be from 0 to a year, in ms").c_str());
  return std::llround(ms * 1e6);
}

std::int64_t count_arg(lua_State* L, int index, const char* what, std::int64_t min, std::int64_t max) {
  if (!lua_isinteger(L, index))
    fail(L, (std::string(what) + ": expected a whole number from " + std::to_string(min) + " to " + std::to_string(max)).c_str());
  const lua_Integer n = lua_tointeger(L, index);
  if (n < min || n > max)
    fail(L, (std::string(what) + ": " + std::to_string(n) + " is out of range: allowed " + std::to_string(min) + " to " +
             std::to_string(max)).c_str());
  return n;
}

const char* name_arg(lua_State* L, int index, const char* fallback) {
  if (lua_isnoneornil(L, index)) return fallback;
  if (lua_type(L, index) != LUA_TSTRING) fail(L, "a name must be a string");
  return lua_tostring(L, index);
}

// --- objects ----------------------------------------------------------------------------------

template <typename Object>
Object& object_arg(lua_State* L, int index, const char* type, const char* what) {
  auto** box = static_cast<HostObject**>(luaL_testudata(L, index, type));
  if (!box) fail(L, (std::string(what) + ": expected a " + (type + 9) + ", got " + luaL_typename(L, index)).c_str());
  return *static_cast<Object*>(*box);
}

void push_object(lua_State* L, std::shared_ptr<HostObject> object) {
  Value value = std::move(object);
  push_value(L, value);
}

// --- futures ----------------------------------------------------------------------------------

bool owns_memory(FutureKind kind) {
  switch (kind) {
    case FutureKind::Fetch:
    case FutureKind::Send:
    case FutureKind::Join:
    case FutureKind::TryJoin:
    case FutureKind::Select:
    case FutureKind::Timeout: return true;
    default: return false;
  }
}

FutureBox& new_future(lua_State* L, FutureKind kind) {
  auto* box = new (lua_newuserdatauv(L, sizeof(FutureBox), 0)) FutureBox();
  luaL_setmetatable(L, owns_memory(kind) ? kFutureOwning : kFuture);
  box->spec.kind = kind;
  if (kind != FutureKind::Call) box->spec.site = state_of(L).site_here(L);  // a call records no event itself
  return *box;
}

FutureBox* to_future(lua_State* L, int index) {
  if (auto* box = static_cast<FutureBox*>(luaL_testudata(L, index, kFuture))) return box;
  return static_cast<FutureBox*>(luaL_testudata(L, index, kFutureOwning));
}

// Checks that the value at `index` can be awaited now: a future not yet used, or a JoinHandle
// not yet awaited. Says what is wrong otherwise.
void check_awaitable(lua_State* L, int index, const char* what) {
  if (auto* box = to_future(L, index)) {
    if (box->taken) fail(L, (std::string(what) + ": this future was already awaited or handed on; a future runs once, make a new one").c_str());
    return;
  }
  if (auto** handle = static_cast<HostObject**>(luaL_testudata(L, index, kJoinHandle))) {
    if (static_cast<HandleObject*>(*handle)->awaited) fail(L, (std::string(what) + ": this JoinHandle was already awaited").c_str());
    return;
  }
  fail(L, (std::string(what) + ": expected a future (an async function's call, sleep(ms), rx:recv(), ...) or a JoinHandle, got " +
           luaL_typename(L, index)).c_str());
}

// After check_awaitable: the spec, moved out of the future (or made for the JoinHandle).
FutureSpec take_future(lua_State* L, int index) {
  if (auto* box = to_future(L, index)) {
    box->taken = true;
    return std::move(box->spec);
  }
  auto& handle = *static_cast<HandleObject*>(*static_cast<HostObject**>(lua_touserdata(L, index)));
  handle.awaited = true;
  FutureSpec spec;
  spec.kind = FutureKind::JoinHandle;
  spec.site = state_of(L).site_here(L);
  spec.object = &handle;
  return spec;
}

int await_done(lua_State* L, int, lua_KContext base) { return lua_gettop(L) - static_cast<int>(base); }

// await(f): an async function's call runs right here, in this coroutine (as co_await on a Task
// runs the child inside the awaiting one); anything else is yielded to the task's driver.
int l_await(lua_State* L) {
  check_awaitable(L, 1, "await");
  if (!lua_isyieldable(L))
    fail(L, "await: only inside a task (main, or a function it calls); not at the top level of the file, in "
            "spawn_blocking, or in a metamethod");
  lua_settop(L, 1);
  auto* box = to_future(L, 1);
  if (box && box->spec.kind == FutureKind::Call) {
    box->taken = true;
    lua_State* co = box->spec.thread;
    const int n = lua_gettop(co);  // the function and its arguments
    luaL_checkstack(L, n + 1, "too many arguments");
    lua_xmove(co, L, n);
    state_of(L).give_back_thread(co, box->spec.call);
    lua_callk(L, n - 1, LUA_MULTRET, 1, &await_done);
    return await_done(L, LUA_OK, 1);
  }
  if (!box) {
    // A JoinHandle: yielded itself, with `true` to say so (the driver makes the future).
    auto& handle = *static_cast<HandleObject*>(*static_cast<HostObject**>(lua_touserdata(L, 1)));
    handle.awaited = true;
    handle.await_site = state_of(L).site_here(L);
    lua_pushlightuserdata(L, &handle);
    lua_replace(L, 1);
    lua_pushboolean(L, 1);
    return lua_yield(L, 2);
  }
  box->taken = true;
  return lua_yield(L, 1);
}

// The call of an async function: the function and its arguments wait on a thread of their own
// until the future runs.
int l_call_future(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  const int n = lua_gettop(L);
  ScriptState& state = state_of(L);
  int ref = LUA_NOREF;
  lua_State* co = state.take_thread(&ref);
  lua_xmove(L, co, n);
  FutureBox& box = new_future(L, FutureKind::Call);
  box.spec.call = ref;
  box.spec.thread = co;
  box.spec.number = n - 1;
  return 1;
}

int l_sleep(lua_State* L) {
  const std::int64_t ns = ms_arg(L, 1, "sleep");
  // The deadline counts from now, when the future is made, as in Tokio; awaiting it later does
  // not push it back.
  const std::int64_t start = static_cast<std::int64_t>(wakeline::now().count());
  new_future(L, FutureKind::Sleep).spec.number = start + ns;
  return 1;
}

int l_sleep_until(lua_State* L) {
  const std::int64_t ns = ms_arg(L, 1, "sleep_until");
  new_future(L, FutureKind::Sleep).spec.number = ns;
  return 1;
}

int l_yield_now(lua_State* L) {
  new_future(L, FutureKind::Yield);
  return 1;
}

int l_fake_fetch(lua_State* L) {
  const char* url = luaL_checkstring(L, 1);
  const std::int64_t ns = ms_arg(L, 2, "fake_fetch");
  const std::int64_t bytes = lua_isnoneornil(L, 3) ? 64 : count_arg(L, 3, "fake_fetch bytes", 0, 100'000'000);
  FutureBox& box = new_future(L, FutureKind::Fetch);
  box.spec.text = url;
  box.spec.number = ns;
  box.spec.bytes = bytes;
  return 1;
}

// join(f1, f2, ...) / try_join(...) / a list for join_all and select.
int combinator(lua_State* L, FutureKind kind, bool from_list, const char* what) {
  int count = lua_gettop(L);
  if (from_list) {
    luaL_checktype(L, 1, LUA_TTABLE);
    count = static_cast<int>(luaL_len(L, 1));
    luaL_checkstack(L, count + 2, "too many futures");
    for (int i = 1; i <= count; ++i) lua_rawgeti(L, 1, i);
    lua_remove(L, 1);
  }
  for (int i = 1; i <= count; ++i) check_awaitable(L, i, what);
  FutureBox& box = new_future(L, kind);
  box.spec.as_table = from_list;
  box.spec.children.reserve(static_cast<std::size_t>(count));
  for (int i = 1; i <= count; ++i) box.spec.children.push_back(take_future(L, i));
  return 1;
}
int l_join(lua_State* L) { return combinator(L, FutureKind::Join, false, "join"); }
int l_try_join(lua_State* L) { return combinator(L, FutureKind::TryJoin, false, "try_join"); }
int l_join_all(lua_State* L) { return combinator(L, FutureKind::Join, true, "join_all"); }
int l_select_future(lua_State* L) { return combinator(L, FutureKind::Select, true, "select"); }

int l_timeout(lua_State* L) {
  const std::int64_t ns = ms_arg(L, 1, "timeout");
  check_awaitable(L, 2, "timeout");
  FutureBox& box = new_future(L, FutureKind::Timeout);
  box.spec.number = ns;
  box.spec.children.push_back(take_future(L, 2));
  return 1;
}

// --- tasks ----------------------------------------------------------------------------------

int l_spawn(lua_State* L) {
  check_awaitable(L, 1, "spawn");
  const char* name = name_arg(L, 2, "task");
  ScriptState& state = state_of(L);
  const std::source_location site = state.site_here(L);
  FutureSpec spec = take_future(L, 1);
  JoinHandle<Values> handle = wakeline::spawn(task_for(state.shared_from_this(), std::move(spec)), name, site);
  push_object(L, std::make_shared<HandleObject>(std::move(handle)));
  return 1;
}

// Runs a plain Lua function on a blocking-pool thread, holding the guard while Lua runs.
Values run_blocking(ScriptState& state, int call_ref) {
  std::lock_guard guard(state.guard);
  int thread_ref = LUA_NOREF;
  lua_State* co = state.take_thread(&thread_ref);
  lua_rawgeti(co, LUA_REGISTRYINDEX, call_ref);
  luaL_unref(co, LUA_REGISTRYINDEX, call_ref);
  lua_getfield(co, 1, "n");
  const int nargs = static_cast<int>(lua_tointeger(co, -1));
  lua_pop(co, 1);
  for (int i = 1; i <= nargs + 1; ++i) lua_rawgeti(co, 1, i);
  lua_remove(co, 1);
  const int status = state.call(co, nargs, LUA_MULTRET);
  if (status != LUA_OK) {
    std::string message = state.error_message(co, status);
    state.release_ref(thread_ref);
    throw ScriptError(message);
  }
  Values results = pop_values(co, lua_gettop(co));
  state.give_back_thread(co, thread_ref);
  return results;
}

int l_spawn_blocking(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  const char* name = name_arg(L, 2, "blocking");
  ScriptState& state = state_of(L);
  const std::source_location site = state.site_here(L);
  const int n = lua_gettop(L);
  lua_createtable(L, n, 1);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, 1);
  for (int i = 3; i <= n; ++i) {
    lua_pushvalue(L, i);
    lua_rawseti(L, -2, i - 1);
  }
  lua_pushinteger(L, n >= 2 ? n - 2 : 0);
  lua_setfield(L, -2, "n");
  const int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  std::shared_ptr<ScriptState> keep = state.shared_from_this();
  JoinHandle<Values> handle = wakeline::spawn_blocking([keep, ref] { return run_blocking(*keep, ref); }, name, site);
  push_object(L, std::make_shared<HandleObject>(std::move(handle)));
  return 1;
}


// Blocking the thread: outside the guard, so that on the real clock other workers go on running
// script tasks meanwhile, exactly as a blocked worker lets them.
template <BlockingKind Kind>
int l_block(lua_State* L) {
  const std::int64_t ns = ms_arg(L, 1, Kind == BlockingKind::CpuWork ? "cpu_work" : "block_thread");
  ScriptState& state = state_of(L);
  const std::source_location site = state.site_here(L);
  auto& ctx = detail::require_context(Kind == BlockingKind::CpuWork ? "cpu_work" : "block_thread");
  const auto instructions = state.instructions;
  const bool enforce = state.enforce_memory;
  state.guard.unlock();
  detail::block_current_thread(ctx, Nanos(ns), Kind, site);
  state.guard.lock();
  state.instructions = instructions;
  state.enforce_memory = enforce;
  return 0;
}

int l_print(lua_State* L) {
  const int n = lua_gettop(L);
  luaL_Buffer buffer;
  luaL_buffinit(L, &buffer);
  for (int i = 1; i <= n; ++i) {
    luaL_tolstring(L, i, nullptr);
    luaL_addvalue(&buffer);
  }
  luaL_pushresult(&buffer);
  std::size_t length = 0;
  const char* text = lua_tolstring(L, -1, &length);
  print_line(std::string_view(text, length), state_of(L).site_here(L));
  return 0;
}

int l_elapsed_ms(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(wakeline::now().count() / 1'000'000));
  return 1;
}
int l_elapsed_us(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(wakeline::now().count() / 1'000));
  return 1;
}

// --- channels -------------------------------------------------------------------------------

int l_mpsc(lua_State* L) {
  const bool unbounded = lua_type(L, 1) == LUA_TSTRING && std::string_view(lua_tostring(L, 1)) == "unbounded";
  const std::int64_t capacity = unbounded ? 0 : count_arg(L, 1, "mpsc capacity (or \"unbounded\")", 1, 1'000'000);
  const char* name = name_arg(L, 2, "mpsc");
  const std::source_location site = state_of(L).site_here(L);
  auto [tx, rx] = unbounded ? mpsc::unbounded_channel<Value>(name, site)
                            : mpsc::channel<Value>(static_cast<std::size_t>(capacity), name, site);
  push_object(L, std::make_shared<MpscSender>(std::move(tx)));
  push_object(L, std::make_shared<MpscReceiver>(std::move(rx)));
  return 2;
}


int l_oneshot(lua_State* L) {
  const char* name = name_arg(L, 1, "oneshot");
  const std::source_location site = state_of(L).site_here(L);
  auto [tx, rx] = oneshot::channel<Value>(name, site);
  push_object(L, std::make_shared<OneshotSender>(std::move(tx)));
  push_object(L, std::make_shared<OneshotReceiver>(std::move(rx)));
  return 2;
}

int l_broadcast(lua_State* L) {
  const std::int64_t capacity = count_arg(L, 1, "broadcast capacity", 1, 1'000'000);
  const char* name = name_arg(L, 2, "broadcast");
  const std::source_location site = state_of(L).site_here(L);
  auto [tx, rx] = broadcast::channel<Value>(static_cast<std::size_t>(capacity), name, site);
  push_object(L, std::make_shared<BroadcastSender>(std::move(tx)));
  push_object(L, std::make_shared<BroadcastReceiver>(std::move(rx)));
  return 2;
}

int l_watch(lua_State* L) {
  Value initial = to_value(L, 1, true);
  const char* name = name_arg(L, 2, "watch");
  const std::source_location site = state_of(L).site_here(L);
  auto [tx, rx] = watch::channel<Value>(std::move(initial), name, site);
  push_object(L, std::make_shared<WatchSender>(std::move(tx)));
  push_object(L, std::make_shared<WatchReceiver>(std::move(rx)));
  return 2;
}

// --- Mutex, Semaphore, JoinSet ----------------------------------------------------------------

int l_mutex(lua_State* L) {
  Value value = to_value(L, 1, true);
  const char* name = name_arg(L, 2, "mutex");
  const std::source_location site = state_of(L).site_here(L);
  push_object(L, std::make_shared<MutexObject>(std::move(value), name, site));
  return 1;
}

int l_semaphore(lua_State* L) {
  const std::int64_t permits = count_arg(L, 1, "Semaphore permits", 0, 1'000'000);
  const char* name = name_arg(L, 2, "semaphore");
  const std::source_location site = state_of(L).site_here(L);
  push_object(L, std::make_shared<SemaphoreObject>(static_cast<std::size_t>(permits), name, site));
  return 1;
}

int l_join_set(lua_State* L) {
  push_object(L, std::make_shared<JoinSetObject>(JoinSet<Values>()));
  return 1;
}

int l_future_gc(lua_State* L) {
  static_cast<FutureBox*>(lua_touserdata(L, 1))->~FutureBox();
  return 0;
}

// --- the host objects' methods ----------------------------------------------------------------
// Every method checks its object the same way (argument 1, of the method's own type, named in the
// message) and then does one thing with it. The tables below say what, one row per method; one C
// function (host_method) does the check for all of them.

struct HostMethod {
  const char* name;                             // the Lua name, also what its messages start with
  int (*call)(lua_State* L, HostObject& self);  // after the check: pushes its results, returns their count
};

template <typename Object>
Object& as(HostObject& self) {
  return static_cast<Object&>(self);
}

// A method that makes a future on its object: rx:recv(), mutex:lock(), set:join_next().
int future_on(lua_State* L, FutureKind kind, HostObject& self) {
  new_future(L, kind).spec.object = &self;
  return 1;
}

int push_count(lua_State* L, std::size_t n) {
  lua_pushinteger(L, static_cast<lua_Integer>(n));
  return 1;
}

// Upvalues: the row (a HostMethod) and the type's metatable name.
int host_method(lua_State* L) {
  const auto& method = *static_cast<const HostMethod*>(lua_touserdata(L, lua_upvalueindex(1)));
  const auto* type = static_cast<const char*>(lua_touserdata(L, lua_upvalueindex(2)));
  return method.call(L, object_arg<HostObject>(L, 1, type, method.name));
}

int push_snapshot(lua_State* L, const std::shared_ptr<const Value>& snapshot) {
  Value copy = snapshot ? *snapshot : Value{};
  push_value(L, copy);
  return 1;
}

MutexGuard<Value>& held_guard(lua_State* L, HostObject& self, const char* what) {
  auto& guard = as<GuardObject>(self);
  if (guard.unlocked) fail(L, (std::string(what) + ": this guard was unlocked").c_str());
  return guard.held;
}

const HostMethod kJoinHandleMethods[] = {
    {"abort", [](lua_State*, HostObject& h) { as<HandleObject>(h).held.abort(); return 0; }},
    {"is_finished", [](lua_State* L, HostObject& h) {
       lua_pushboolean(L, as<HandleObject>(h).held.is_finished());
       return 1;
     }},
};

const HostMethod kMpscSenderMethods[] = {
    {"send", [](lua_State* L, HostObject& tx) {
       if (as<MpscSender>(tx).held.channel_id() == 0) fail(L, "send: this sender was closed");
       FutureBox& box = new_future(L, FutureKind::Send);
       box.spec.object = &tx;
       box.spec.value = to_value(L, 2);
       return 1;
     }},
    {"clone", [](lua_State* L, HostObject& tx) {
       if (as<MpscSender>(tx).held.channel_id() == 0) fail(L, "clone: this sender was closed");
       push_object(L, std::make_shared<MpscSender>(as<MpscSender>(tx).held));
       return 1;
     }},
    {"close", [](lua_State*, HostObject& tx) { as<MpscSender>(tx).held.close(); return 0; }},
};

const HostMethod kMpscReceiverMethods[] = {
    {"recv", [](lua_State* L, HostObject& rx) {
       if (as<MpscReceiver>(rx).held.channel_id() == 0) fail(L, "recv: this receiver was closed");
       return future_on(L, FutureKind::Recv, rx);
     }},
    {"close", [](lua_State*, HostObject& rx) { as<MpscReceiver>(rx).held = mpsc::Receiver<Value>(); return 0; }},
    {"len", [](lua_State* L, HostObject& rx) {
       const auto& held = as<MpscReceiver>(rx).held;
       return push_count(L, held.channel_id() == 0 ? 0 : held.len());
     }},
};

const HostMethod kOneshotSenderMethods[] = {
    {"send", [](lua_State* L, HostObject& tx) {
       Value value = to_value(L, 2);
       if (as<OneshotSender>(tx).held.send(std::move(value), state_of(L).site_here(L))) {
         lua_pushboolean(L, 1);
         return 1;
       }
       lua_pushnil(L);
       lua_pushliteral(L, "receiver dropped");
       return 2;
     }},
    {"close", [](lua_State*, HostObject& tx) { as<OneshotSender>(tx).held = oneshot::Sender<Value>(); return 0; }},
};

const HostMethod kOneshotReceiverMethods[] = {
    {"recv", [](lua_State* L, HostObject& rx) { return future_on(L, FutureKind::OneshotRecv, rx); }},
};

const HostMethod kBroadcastSenderMethods[] = {
    {"send", [](lua_State* L, HostObject& tx) {
       auto& held = as<BroadcastSender>(tx).held;
       if (held.channel_id() == 0) fail(L, "send: this sender was closed");
       Value value = to_value(L, 2, true);
       const std::size_t receivers = held.send(std::move(value), state_of(L).site_here(L));
       if (receivers > 0) return push_count(L, receivers);
       lua_pushnil(L);
       lua_pushliteral(L, "no receivers");
       return 2;
     }},
    {"subscribe", [](lua_State* L, HostObject& tx) {
       auto& held = as<BroadcastSender>(tx).held;
       if (held.channel_id() == 0) fail(L, "subscribe: this sender was closed");
       push_object(L, std::make_shared<BroadcastReceiver>(held.subscribe()));
       return 1;
     }},
    {"close", [](lua_State*, HostObject& tx) { as<BroadcastSender>(tx).held.close(); return 0; }},
};

const HostMethod kBroadcastReceiverMethods[] = {
    {"recv", [](lua_State* L, HostObject& rx) { return future_on(L, FutureKind::BroadcastRecv, rx); }},
    {"close", [](lua_State*, HostObject& rx) { as<BroadcastReceiver>(rx).held = broadcast::Receiver<Value>(); return 0; }},
};

const HostMethod kWatchSenderMethods[] = {
    {"send", [](lua_State* L, HostObject& tx) {
       Value value = to_value(L, 2, true);
       const bool delivered = as<WatchSender>(tx).held.send(std::move(value), state_of(L).site_here(L));
       lua_pushboolean(L, delivered);
       return 1;
     }},
    {"borrow", [](lua_State* L, HostObject& tx) { return push_snapshot(L, as<WatchSender>(tx).held.borrow()); }},
    {"close", [](lua_State*, HostObject& tx) { as<WatchSender>(tx).held.close(); return 0; }},
};

const HostMethod kWatchReceiverMethods[] = {
    {"changed", [](lua_State* L, HostObject& rx) { return future_on(L, FutureKind::WatchChanged, rx); }},
    {"borrow", [](lua_State* L, HostObject& rx) { return push_snapshot(L, as<WatchReceiver>(rx).held.borrow()); }},
    {"borrow_and_update",
     [](lua_State* L, HostObject& rx) { return push_snapshot(L, as<WatchReceiver>(rx).held.borrow_and_update()); }},
    {"has_changed", [](lua_State* L, HostObject& rx) {
       // Like Tokio's Result<bool, RecvError>: once every value is seen and the sender is gone, an error.
       const watch::HasChanged changed = as<WatchReceiver>(rx).held.has_changed();
       if (changed.is_closed()) {
         lua_pushnil(L);
         lua_pushliteral(L, "sender dropped");
         return 2;
       }
       lua_pushboolean(L, changed.value());
       return 1;
     }},
    {"clone", [](lua_State* L, HostObject& rx) {
       push_object(L, std::make_shared<WatchReceiver>(as<WatchReceiver>(rx).held));
       return 1;
     }},
};

const HostMethod kMutexMethods[] = {
    {"lock", [](lua_State* L, HostObject& m) { return future_on(L, FutureKind::Lock, m); }},
    {"try_lock", [](lua_State* L, HostObject& m) {
       std::optional<MutexGuard<Value>> guard = as<MutexObject>(m).mutex.try_lock();
       if (!guard) {
         lua_pushnil(L);
         return 1;
       }
       push_object(L, std::make_shared<GuardObject>(std::move(*guard)));
       return 1;
     }},
};

const HostMethod kMutexGuardMethods[] = {
    {"get", [](lua_State* L, HostObject& g) {
       Value copy = *held_guard(L, g, "get");
       push_value(L, copy);
       return 1;
     }},
    {"set", [](lua_State* L, HostObject& g) {
       auto& guard = held_guard(L, g, "set");
       *guard = to_value(L, 2, true);
       return 0;
     }},
    {"unlock", [](lua_State*, HostObject& g) {
       auto& guard = as<GuardObject>(g);
       guard.held.unlock();
       guard.unlocked = true;
       return 0;
     }},
};

const HostMethod kSemaphoreMethods[] = {
    {"acquire", [](lua_State* L, HostObject& s) {
       const std::int64_t n = lua_isnoneornil(L, 2) ? 1 : count_arg(L, 2, "acquire", 1, 1'000'000);
       FutureBox& box = new_future(L, FutureKind::Acquire);
       box.spec.object = &s;
       box.spec.number = n;
       return 1;
     }},
    {"try_acquire", [](lua_State* L, HostObject& s) {
       const std::int64_t n = lua_isnoneornil(L, 2) ? 1 : count_arg(L, 2, "try_acquire", 1, 1'000'000);
       Permit permit = as<SemaphoreObject>(s).semaphore.try_acquire(static_cast<std::size_t>(n));
       if (!permit) {
         lua_pushnil(L);
         return 1;
       }
       push_object(L, std::make_shared<PermitObject>(std::move(permit)));
       return 1;
     }},
    {"available", [](lua_State* L, HostObject& s) { return push_count(L, as<SemaphoreObject>(s).semaphore.available_permits()); }},
    {"close", [](lua_State*, HostObject& s) { as<SemaphoreObject>(s).semaphore.close(); return 0; }},
    {"add_permits", [](lua_State* L, HostObject& s) {
       as<SemaphoreObject>(s).semaphore.add_permits(static_cast<std::size_t>(count_arg(L, 2, "add_permits", 0, 1'000'000)));
       return 0;
     }},
};

const HostMethod kPermitMethods[] = {
    {"release", [](lua_State*, HostObject& p) { as<PermitObject>(p).held.release(); return 0; }},
    {"forget", [](lua_State*, HostObject& p) { as<PermitObject>(p).held.forget(); return 0; }},
};

const HostMethod kJoinSetMethods[] = {
    {"spawn", [](lua_State* L, HostObject& set) {
       check_awaitable(L, 2, "spawn");
       const char* name = name_arg(L, 3, "task");
       ScriptState& state = state_of(L);
       const std::source_location site = state.site_here(L);
       FutureSpec spec = take_future(L, 2);
       const TaskId id = as<JoinSetObject>(set).held.spawn(task_for(state.shared_from_this(), std::move(spec)), name, site);
       lua_pushinteger(L, static_cast<lua_Integer>(id));
       return 1;
     }},
    {"len", [](lua_State* L, HostObject& set) { return push_count(L, as<JoinSetObject>(set).held.len()); }},
    {"join_next", [](lua_State* L, HostObject& set) { return future_on(L, FutureKind::JoinNext, set); }},
    {"abort_all", [](lua_State*, HostObject& set) { as<JoinSetObject>(set).held.abort_all(); return 0; }},
};

// --- registration -----------------------------------------------------------------------------

// A metatable named `type` whose __index holds `plain` functions and the `host` methods' rows.
void add_type(lua_State* L, const char* type, std::initializer_list<luaL_Reg> plain, std::span<const HostMethod> host = {}) {
  luaL_newmetatable(L, type);
  lua_newtable(L);
  for (const auto& method : plain) {
    lua_pushcfunction(L, method.func);
    lua_setfield(L, -2, method.name);
  }
  for (const HostMethod& method : host) {
    lua_pushlightuserdata(L, const_cast<HostMethod*>(&method));
    lua_pushlightuserdata(L, const_cast<char*>(type));
    lua_pushcclosure(L, &api<host_method>, 2);
    lua_setfield(L, -2, method.name);
  }
  lua_setfield(L, -2, "__index");
  std::string name(type + 9);  // without "wakeline.", and one name for both kinds of future
  if (name.back() == '+') name.pop_back();
  lua_pushstring(L, name.c_str());
  lua_setfield(L, -2, "__name");
  lua_pop(L, 1);
}

}  // namespace

void open_script_api(lua_State* L) {
  const luaL_Reg globals[] = {
      {"await", &api<l_await>},
      {"_call_future", &api<l_call_future>},
      {"sleep", &api<l_sleep>},
      {"sleep_until", &api<l_sleep_until>},
      {"yield_now", &api<l_yield_now>},
      {"fake_fetch", &api<l_fake_fetch>},
      {"join", &api<l_join>},
      {"try_join", &api<l_try_join>},
      {"join_all", &api<l_join_all>},
      {"_select_future", &api<l_select_future>},
      {"timeout", &api<l_timeout>},
      {"spawn", &api<l_spawn>},
      {"spawn_blocking", &api<l_spawn_blocking>},
      {"block_thread", &api<l_block<BlockingKind::BlockThread>>},
      {"cpu_work", &api<l_block<BlockingKind::CpuWork>>},
      {"print", &api<l_print>},
      {"elapsed_ms", &api<l_elapsed_ms>},
      {"elapsed_us", &api<l_elapsed_us>},
      {"mpsc", &api<l_mpsc>},
      {"oneshot", &api<l_oneshot>},
      {"broadcast", &api<l_broadcast>},
      {"watch", &api<l_watch>},
      {"Mutex", &api<l_mutex>},
      {"Semaphore", &api<l_semaphore>},
      {"JoinSet", &api<l_join_set>},
  };
  for (const auto& fn : globals) {
    lua_pushcfunction(L, fn.func);
    lua_setglobal(L, fn.name);
  }

  add_type(L, kFuture, {{"await", &api<l_await>}});
  add_type(L, kFutureOwning, {{"await", &api<l_await>}});
  luaL_getmetatable(L, kFutureOwning);
  lua_pushcfunction(L, &l_future_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  add_type(L, kJoinHandle, {{"await", &api<l_await>}}, kJoinHandleMethods);
  add_type(L, kMpscSender, {}, kMpscSenderMethods);
  add_type(L, kMpscReceiver, {}, kMpscReceiverMethods);
  add_type(L, kOneshotSender, {}, kOneshotSenderMethods);
  add_type(L, kOneshotReceiver, {}, kOneshotReceiverMethods);
  add_type(L, kBroadcastSender, {}, kBroadcastSenderMethods);
  add_type(L, kBroadcastReceiver, {}, kBroadcastReceiverMethods);
  add_type(L, kWatchSender, {}, kWatchSenderMethods);
  add_type(L, kWatchReceiver, {}, kWatchReceiverMethods);
  add_type(L, kMutex, {}, kMutexMethods);
  add_type(L, kMutexGuard, {}, kMutexGuardMethods);
  add_type(L, kSemaphore, {}, kSemaphoreMethods);
  add_type(L, kPermit, {}, kPermitMethods);
  add_type(L, kJoinSet, {}, kJoinSetMethods);
}

}  // namespace wakeline::scenarios::script
