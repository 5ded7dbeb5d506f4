// Script values and futures on the C++ side. A Lua value crosses into C++ as a Value (numbers,
// strings and booleans by value, anything else as a registry reference). A future the script
// builds (sleep(ms), rx:recv(), join(...)) is a FutureSpec: plain data until it is awaited,
// spawned, joined or selected, when run_future() co_awaits the real primitive it stands for.
#pragma once

#include <cstdint>
#include <memory>
#include <source_location>
#include <string>
#include <variant>
#include <vector>

#include "script_state.hpp"
#include "wakeline/broadcast.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/join_set.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/mutex.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/semaphore.hpp"
#include "wakeline/task.hpp"
#include "wakeline/watch.hpp"

namespace wakeline::scenarios::script {

// A table, function or userdata, kept in the registry. `shared`: read by several receivers
// (broadcast, watch, a mutex's value), so never released; otherwise released when pushed back.
struct LuaRef {
  int ref = -1;
  bool shared = false;
};
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string, LuaRef, std::shared_ptr<HostObject>>;
using Values = std::vector<Value>;
// What a channel records of a value a script sends (wakeline/message_text.hpp): what Lua's
// tostring gives for a number, string, boolean or nil; nothing ("") for a table, function or handle.
std::string describe_message(const Value& value);

// Lua side of the conversions; the state's guard is held.
Value to_value(lua_State* L, int index, bool shared = false);
void push_value(lua_State* L, Value& value);  // takes a LuaRef that is not shared
int push_values(lua_State* L, Values& values);
Values pop_values(lua_State* L, int count);

// --- the objects a script holds ------------------------------------------------------------
template <typename T, const char* Name>
struct Held : HostObject {
  T held;
  explicit Held(T value) : held(std::move(value)) {}
  const char* type_name() const override { return Name; }
};
inline constexpr char kMpscSender[] = "wakeline.mpsc.Sender";
inline constexpr char kMpscReceiver[] = "wakeline.mpsc.Receiver";
inline constexpr char kOneshotSender[] = "wakeline.oneshot.Sender";
inline constexpr char kOneshotReceiver[] = "wakeline.oneshot.Receiver";
inline constexpr char kBroadcastSender[] = "wakeline.broadcast.Sender";
inline constexpr char kBroadcastReceiver[] = "wakeline.broadcast.Receiver";
inline constexpr char kWatchSender[] = "wakeline.watch.Sender";
inline constexpr char kWatchReceiver[] = "wakeline.watch.Receiver";
inline constexpr char kJoinHandle[] = "wakeline.JoinHandle";
inline constexpr char kMutexGuard[] = "wakeline.MutexGuard";
inline constexpr char kPermit[] = "wakeline.Permit";
inline constexpr char kJoinSet[] = "wakeline.JoinSet";
inline constexpr char kMutex[] = "wakeline.Mutex";
inline constexpr char kSemaphore[] = "wakeline.Semaphore";

using MpscSender = Held<mpsc::Sender<Value>, kMpscSender>;
using MpscReceiver = Held<mpsc::Receiver<Value>, kMpscReceiver>;
using OneshotSender = Held<oneshot::Sender<Value>, kOneshotSender>;
using OneshotReceiver = Held<oneshot::Receiver<Value>, kOneshotReceiver>;
using BroadcastSender = Held<broadcast::Sender<Value>, kBroadcastSender>;
using BroadcastReceiver = Held<broadcast::Receiver<Value>, kBroadcastReceiver>;
using WatchSender = Held<watch::Sender<Value>, kWatchSender>;
using WatchReceiver = Held<watch::Receiver<Value>, kWatchReceiver>;
using PermitObject = Held<Permit, kPermit>;
using JoinSetObject = Held<JoinSet<Values>, kJoinSet>;

struct HandleObject : HostObject {
  JoinHandle<Values> held;
  bool awaited = false;  // a JoinHandle gives its result once
  std::source_location await_site;
  explicit HandleObject(JoinHandle<Values> handle) : held(std::move(handle)) {}
  const char* type_name() const override { return kJoinHandle; }
};

struct GuardObject : HostObject {
  MutexGuard<Value> held;
  bool unlocked = false;
  explicit GuardObject(MutexGuard<Value> guard) : held(std::move(guard)) {}
  const char* type_name() const override { return kMutexGuard; }
};

// Neither movable nor copyable: built in place.
struct MutexObject : HostObject {
  Mutex<Value> mutex;
  MutexObject(Value value, std::string_view name, std::source_location loc) : mutex(std::move(value), name, loc) {}
  const char* type_name() const override { return kMutex; }
};
struct SemaphoreObject : HostObject {
  Semaphore semaphore;
  SemaphoreObject(std::size_t permits, std::string_view name, std::source_location loc) : semaphore(permits, name, loc) {}
  const char* type_name() const override { return kSemaphore; }
};

// --- futures --------------------------------------------------------------------------------
enum class FutureKind : std::uint8_t {
  Sleep,          // until `number` ns since the run's start
  Yield,
  Fetch,          // fake_fetch(text, number ns, bytes)
  Call,           // an async function called with its arguments, waiting on `thread`
  Join,           // children; as_table: join_all
  TryJoin,        // children; the first failure stops it
  Select,         // children; the first to finish wins
  Timeout,        // children[0] against `number` ns
  JoinHandle,     // object: HandleObject
  Send,           // object: MpscSender; value
  Recv,           // object: MpscReceiver
  OneshotRecv,    // object: OneshotReceiver
  BroadcastRecv,  // object: BroadcastReceiver
  WatchChanged,   // object: WatchReceiver
  Lock,           // object: MutexObject
  Acquire,        // object: SemaphoreObject; number permits
  JoinNext,       // object: JoinSetObject
};

struct FutureSpec {
  FutureKind kind = FutureKind::Yield;
  std::source_location site;
  std::int64_t number = 0;
  std::int64_t bytes = 64;
  std::string text;
  Value value;
  int call = -1;              // Call: registry ref of the thread holding the function and arguments
                              // (their count in `number`)
  lua_State* thread = nullptr;  // Call: that thread
  HostObject* object = nullptr;
  std::vector<FutureSpec> children;
  bool as_table = false;
};

// The future's userdata as Lua sees it. `taken`: already awaited, spawned or passed on.
struct FutureBox {
  FutureSpec spec;
  bool taken = false;
};
inline constexpr char kFuture[] = "wakeline.Future";
// The same, for the kinds whose spec may own memory (a URL, a message, child futures): only these
// need a finalizer, which Lua's collector makes costly for the many plain ones (a task's call).
inline constexpr char kFutureOwning[] = "wakeline.Future+";

// The script task behind a future: co_awaits what the spec stands for and gives the values the
// script's await returns. A script error fails it with "file:line: message".
Task<Values> run_future(ScriptState& state, FutureSpec spec);
// The same as a spawned task's body: keeps the state alive as long as the task.
Task<Values> task_for(std::shared_ptr<ScriptState> state, FutureSpec spec);
// The main task: runs the script's main(params) to its end.
Task<Values> run_main(std::shared_ptr<ScriptState> state, int params_ref);

// A script error as a C++ exception: the task fails with this message.
struct ScriptError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace wakeline::scenarios::script
