#include "script_state.hpp"

#include <lua.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace wakeline::scenarios::script {

ScriptSource::ScriptSource(std::string file_name, std::string script_text)
    : file(std::move(file_name)), text(std::move(script_text)) {
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 2;
  sites.resize(lines);
  for (std::size_t line = 1; line < lines; ++line)
    sites[line] = detail::NamedSite{file.c_str(), "", static_cast<unsigned>(line), 0};
}

namespace {

constexpr int kHookEvery = 1000;  // instructions between two looks at the bound

// Counts every allocation against the cap, but only while script code runs: the host's own
// pushes (results, error messages) must not fail outside a protected call.
void* capped_alloc(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto* state = static_cast<ScriptState*>(ud);
  const std::size_t old_bytes = ptr ? old_size : 0;
  if (new_size == 0) {
    std::free(ptr);
    state->memory_used -= old_bytes;
    return nullptr;
  }
  if (state->enforce_memory && new_size > old_bytes &&
      state->memory_used + (new_size - old_bytes) > state->limits.memory_bytes)
    return nullptr;
  void* grown = std::realloc(ptr, new_size);
  if (!grown) return nullptr;
  state->memory_used = state->memory_used - old_bytes + new_size;
  return grown;
}

void instruction_hook(lua_State* L, lua_Debug* ar) {
  ScriptState& state = state_of(L);
  state.instructions += kHookEvery;
  if (state.instructions <= state.limits.instructions_without_await) return;
  state.instructions = 0;  // the error handler and the task's end may run a little more code
  lua_getinfo(L, "Sl", ar);
  const int line = state.line_here(L) > 0 ? state.line_here(L) : ar->currentline;
  lua_pushfstring(L, "%s:%d: ran %d million instructions without awaiting, at line %d: an endless loop?",
                  state.source().file.c_str(), line,
                  static_cast<int>(state.limits.instructions_without_await / 1'000'000), line);
  lua_error(L);
}

int panic(lua_State* L) {
  // Only reached by a bug in the host (an unprotected call that failed): say so, loudly.
  const char* message = lua_tostring(L, -1);
  std::fprintf(stderr, "wakeline: unprotected Lua error: %s\n", message ? message : "?");
  std::abort();
}

// Removes what a colleague's file must not reach; `load` keeps working on text only.
void sandbox(lua_State* L) {
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  lua_pop(L, 5);
  for (const char* name : {"dofile", "loadfile", "collectgarbage", "require", "io", "os", "debug", "package"}) {
    lua_pushnil(L);
    lua_setglobal(L, name);
  }
  lua_getglobal(L, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");  // the way to make binary chunks
  lua_pop(L, 1);
}

}  // namespace

ScriptState& state_of(lua_State* L) { return **static_cast<ScriptState**>(lua_getextraspace(L)); }

ScriptState::ScriptState(std::shared_ptr<const ScriptSource> source, std::uint64_t seed, ScriptLimits l)
    : limits(l), source_(std::move(source)) {
  L_ = lua_newstate(&capped_alloc, this);
  if (!L_) throw std::runtime_error("could not create a Lua state");
  *static_cast<ScriptState**>(lua_getextraspace(L_)) = this;
  lua_atpanic(L_, &panic);
  sandbox(L_);
  open_script_api(L_);
  if (luaL_loadbufferx(L_, kPrelude, std::strlen(kPrelude), "=wakeline", "t") != LUA_OK || lua_pcall(L_, 0, 0, 0) != LUA_OK)
    throw std::logic_error(std::string("the script prelude does not load: ") + lua_tostring(L_, -1));
  // Same seed, same numbers: math.random is part of the run's determinism.
  lua_getglobal(L_, "math");
  lua_getfield(L_, -1, "randomseed");
  lua_pushinteger(L_, static_cast<lua_Integer>(seed));
  lua_call(L_, 1, 0);
  lua_pushnil(L_);
  lua_setfield(L_, -2, "randomseed");
  lua_pop(L_, 1);
  lua_sethook(L_, &instruction_hook, LUA_MASKCOUNT, kHookEvery);
  // Most script objects die young (a task's thread, a future, its arguments): the generational
  // collector visits the long-lived ones (a table of 100 000 JoinHandles) far less often.
  lua_gc(L_, LUA_GCGEN, 0, 0);
}

ScriptState::~ScriptState() {
  if (L_) lua_close(L_);
  // Newest first: a lock guard goes before its mutex, a permit before its semaphore.
  while (!objects_.empty()) objects_.pop_back();
}

std::string ScriptState::load() {
  const std::string chunk = "@" + source_->file;
  if (luaL_loadbufferx(L_, source_->text.data(), source_->text.size(), chunk.c_str(), "t") != LUA_OK) {
    std::string message = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "the script does not load";
    lua_pop(L_, 1);
    return message;
  }
  const int status = call(L_, 0, 0);
  return status == LUA_OK ? std::string() : error_message(L_, status);
}

// Both may nest (a blocking job run at once on the virtual clock): the outer call's count and
// enforcement come back afterwards.
int ScriptState::resume(lua_State* co, int nargs, int* nresults) {
  const auto outer_instructions = std::exchange(instructions, 0);
  const bool outer_enforce = std::exchange(enforce_memory, true);
  const int status = lua_resume(co, nullptr, nargs, nresults);
  enforce_memory = outer_enforce;
  instructions = outer_instructions;
  return status;
}

int ScriptState::call(lua_State* L, int nargs, int nresults) {
  const auto outer_instructions = std::exchange(instructions, 0);
  const bool outer_enforce = std::exchange(enforce_memory, true);
  const int status = lua_pcall(L, nargs, nresults, 0);
  enforce_memory = outer_enforce;
  instructions = outer_instructions;
  return status;
}

std::string ScriptState::error_message(lua_State* co, int status) {
  std::string message;
  if (status == LUA_ERRMEM) {
    const int line = line_here(co);
    message = source_->file + ":" + std::to_string(line) + ": out of memory at line " + std::to_string(line) +
              " (a script may use " + std::to_string(limits.memory_bytes >> 20) + " MiB)";
  } else if (const char* text = lua_tostring(co, -1)) {
    message = text;
  } else {
    message = where(co) + "error (" + std::string(luaL_typename(co, -1)) + " value)";
  }
  lua_pop(co, 1);
  return message;
}

int ScriptState::line_here(lua_State* L) const {
  lua_Debug ar;
  const std::string_view chunk = source_->file;
  for (int level = 0; lua_getstack(L, level, &ar); ++level) {
    if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0 || ar.source[0] != '@') continue;
    if (chunk == std::string_view(ar.source + 1)) return ar.currentline;
  }
  return 0;
}

std::source_location ScriptState::site_here(lua_State* L) const {
  const int line = line_here(L);
  if (line <= 0 || static_cast<std::size_t>(line) >= source_->sites.size()) return std::source_location{};
  return detail::to_source_location(source_->sites[static_cast<std::size_t>(line)]);
}

std::string ScriptState::where(lua_State* L) const {
  const int line = line_here(L);
  return line > 0 ? source_->file + ":" + std::to_string(line) + ": " : source_->file + ": ";
}

lua_State* ScriptState::take_thread(int* ref) {
  if (!spare_threads_.empty()) {
    auto [co, kept] = spare_threads_.back();
    spare_threads_.pop_back();
    *ref = kept;
    return co;
  }
  lua_State* co = lua_newthread(L_);
  *ref = luaL_ref(L_, LUA_REGISTRYINDEX);
  return co;
}

// A spawned task per small job makes thousands of threads: reusing them spares the allocator
// and the garbage collector most of that work.
void ScriptState::give_back_thread(lua_State* co, int ref) {
  constexpr std::size_t kMaxSpare = 1024;
  if (spare_threads_.size() >= kMaxSpare || lua_resetthread(co) != LUA_OK) {
    release_ref(ref);
    return;
  }
  spare_threads_.emplace_back(co, ref);
}

void ScriptState::release_ref(int ref) { luaL_unref(L_, LUA_REGISTRYINDEX, ref); }

}  // namespace wakeline::scenarios::script
