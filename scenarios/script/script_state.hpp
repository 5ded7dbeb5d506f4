// The sandboxed Lua state behind a script lesson: what a script may reach (no io, os, require,
// dofile, loadfile, debug, no binary chunks), its limits (a memory cap, a bound on instructions
// between two awaits), the guard that serializes Lua on a multi-threaded runtime, and the objects
// (channels, handles, locks) the script holds. One ScriptState per run; loading a header for the
// lessons list uses one too, without a runtime.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "script_source.hpp"

struct lua_State;

namespace wakeline::scenarios::script {

// What the script holds that lives on the C++ side (a channel end, a JoinHandle, a lock guard).
// Kept by the state until the run is over, whatever Lua's garbage collector does meanwhile:
// a sender closes its channel when the script says so (tx:close()), never at a collection.
struct HostObject {
  virtual ~HostObject() = default;
  virtual const char* type_name() const = 0;  // the Lua metatable of its userdata
};

struct ScriptLimits {
  std::size_t memory_bytes = std::size_t{256} << 20;
  std::uint64_t instructions_without_await = 50'000'000;
};

class ScriptState : public std::enable_shared_from_this<ScriptState> {
 public:
  ScriptState(std::shared_ptr<const ScriptSource> source, std::uint64_t seed, ScriptLimits limits = {});
  ~ScriptState();
  ScriptState(const ScriptState&) = delete;
  ScriptState& operator=(const ScriptState&) = delete;

  lua_State* lua() const { return L_; }
  const ScriptSource& source() const { return *source_; }

  // Runs the script's top level (its header and function definitions). Empty, or
  // "file:line: message".
  std::string load();

  // Runs a Lua coroutine until it yields, returns or fails, inside the limits. lua_resume's status.
  int resume(lua_State* co, int nargs, int* nresults);
  // Calls the function below `nargs` arguments on `L`'s stack, inside the limits. lua_pcall's status.
  int call(lua_State* L, int nargs, int nresults);
  // "file:line: message" for the error a failed resume/call left on top of `co`'s stack (popped).
  std::string error_message(lua_State* co, int status);

  // The script line running now on `L` (the innermost frame of the script's own chunk), as a
  // source location for events; the unknown location if none.
  std::source_location site_here(lua_State* L) const;
  int line_here(lua_State* L) const;
  std::string where(lua_State* L) const;  // "file:line: " of the running script line

  // A Lua thread anchored in the registry (a reused one when a task has finished with one);
  // give it back when its coroutine has returned, or release it when it failed.
  lua_State* take_thread(int* ref);
  void give_back_thread(lua_State* co, int ref);
  void release_ref(int ref);

  void adopt(std::shared_ptr<HostObject> object) { objects_.push_back(std::move(object)); }

  // Serializes Lua: held while Lua code runs, released around awaits, blocking and cpu_work.
  // Recursive: on the virtual clock spawn_blocking runs its job at once, on the same thread,
  // inside the script call that spawned it.
  std::recursive_mutex guard;

  // Used by the allocator and the instruction hook.
  std::size_t memory_used = 0;
  bool enforce_memory = false;
  std::uint64_t instructions = 0;
  ScriptLimits limits;

 private:
  std::shared_ptr<const ScriptSource> source_;
  lua_State* L_ = nullptr;
  std::vector<std::shared_ptr<HostObject>> objects_;
  std::vector<std::pair<lua_State*, int>> spare_threads_;
};

// The ScriptState a Lua state (or any of its threads) belongs to.
ScriptState& state_of(lua_State* L);

// Installs the script API (api.cpp) and the Lua-written helpers (prelude.cpp) into a fresh state.
void open_script_api(lua_State* L);
extern const char* const kPrelude;

}  // namespace wakeline::scenarios::script
