// The part of the script API written in Lua itself: async functions, select with handlers, drop,
// a pairs() whose order does not depend on Lua's per-process hash seed, and the lesson header
// (lesson, param, variant), which checks every field where it is written, so an error names the
// script's own line.
#include "script_state.hpp"

namespace wakeline::scenarios::script {

const char* const kPrelude = R"LUA(
local lua_select, type, error, tostring, ipairs, next, pcall = select, type, error, tostring, ipairs, next, pcall
local sort, unpack, pack, getmetatable, math_type = table.sort, table.unpack, table.pack, getmetatable, math.type

ELAPSED = "deadline has elapsed"

-- load() compiles text only: a binary chunk could crash the interpreter.
local raw_load = load
function load(chunk, name, mode, ...)
  if lua_select("#", ...) > 0 then return raw_load(chunk, name, "t", ...) end
  return raw_load(chunk, name, "t")
end

function async(fn)
  if type(fn) ~= "function" then error("async: expected a function, got " .. type(fn), 2) end
  return function(...) return _call_future(fn, ...) end
end

-- select(branch, ...) waits for the first branch to finish and drops the others. A branch is a
-- future, or {future, handler}: the winner's handler gets its values and select returns what the
-- handler returns; without a handler select returns the branch number and the values.
-- select("#", ...) and select(n, ...) are still Lua's own.
function select(...)
  local first = ...
  if first == "#" or type(first) == "number" then return lua_select(...) end
  local n = lua_select("#", ...)
  local branches = {...}
  local futures, handlers = {}, {}
  for i = 1, n do
    local branch = branches[i]
    if type(branch) == "table" and getmetatable(branch) == nil then
      futures[i], handlers[i] = branch[1], branch[2]
    else
      futures[i] = branch
    end
  end
  local results = pack(await(_select_future(futures)))
  local handler = handlers[results[1]]
  if handler then return handler(unpack(results, 2, results.n)) end
  return unpack(results, 1, results.n)
end

-- drop(x) ends what x holds now, like Rust's drop: a sender closes (the last one closes its
-- channel), a lock guard unlocks, a permit goes back, a JoinSet aborts its tasks.
function drop(x)
  for _, name in ipairs({"close", "unlock", "release", "abort_all"}) do
    local ok, method = pcall(function() return x[name] end)
    if ok and method then return method(x) end
  end
end

-- Keys in a fixed order (numbers, then strings, each sorted), so that the same script prints
-- and spawns in the same order every run.
local order = {number = 1, string = 2, boolean = 3}
local function key_less(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return (order[ta] or 9) < (order[tb] or 9) end
  if ta == "number" or ta == "string" then return a < b end
  if ta == "boolean" then return (not a) and b end
  return tostring(a) < tostring(b)
end
function pairs(t)
  local mt = getmetatable(t)
  if mt and mt.__pairs then return mt.__pairs(t) end
  local keys = {}
  for k in next, t do keys[#keys + 1] = k end
  sort(keys, key_less)
  local i = 0
  return function()
    i = i + 1
    local k = keys[i]
    if k ~= nil then return k, t[k] end
  end, t, nil
end

-- The lesson header ------------------------------------------------------------------------

local function fail(message) error(message, 3) end
local function is_integer(v) return math_type(v) == "integer" end
local reserved = {flavor = true, workers = true, clock = true, seed = true}
local the_lesson

function param(p)
  if type(p) ~= "table" then fail("param: expected a table, e.g. param { key = \"latency_ms\", kind = \"int\", ... }") end
  local key = p.key
  if type(key) ~= "string" or not key:match("^[%a_][%w_]*$") then
    fail("param: key must be a name of letters, digits and _, got " .. tostring(key))
  end
  if reserved[key] then fail("param '" .. key .. "': the name is taken by the runtime settings (flavor, workers, clock, seed)") end
  local kind = p.kind
  if kind == "int" then
    if not is_integer(p.min) or not is_integer(p.max) then
      fail("param '" .. key .. "': an int needs whole numbers min and max")
    end
    if p.min > p.max then
      fail("param '" .. key .. "': empty range, min " .. p.min .. " is above max " .. p.max)
    end
    if not is_integer(p.default) or p.default < p.min or p.default > p.max then
      fail("param '" .. key .. "': default " .. tostring(p.default) .. " is not a whole number from " .. p.min .. " to " .. p.max)
    end
  elseif kind == "bool" then
    if type(p.default) ~= "boolean" then fail("param '" .. key .. "': a bool needs default = true or false") end
  elseif kind == "choice" then
    if type(p.choices) ~= "table" or #p.choices == 0 then
      fail("param '" .. key .. "': a choice needs a non-empty list of choices")
    end
    local found = false
    for _, c in ipairs(p.choices) do
      if type(c) ~= "string" then fail("param '" .. key .. "': every choice must be a string") end
      if c == p.default then found = true end
    end
    if not found then fail("param '" .. key .. "': default " .. tostring(p.default) .. " is not one of the choices") end
  else
    fail("param '" .. key .. "': unknown kind " .. tostring(kind) .. "; allowed: int, bool, choice")
  end
  if p.unit ~= nil and type(p.unit) ~= "string" then fail("param '" .. key .. "': unit must be a string such as \"ms\"") end
  if p.help ~= nil and type(p.help) ~= "string" then fail("param '" .. key .. "': help must be a string") end
  p.is_param = true
  return p
end

function variant(v)
  if type(v) ~= "table" or type(v.name) ~= "string" or v.name == "" then
    fail("variant: expected { name = \"...\", label = \"...\", set = { key = value, ... } }")
  end
  if v.label ~= nil and type(v.label) ~= "string" then fail("variant '" .. v.name .. "': label must be a string") end
  local set = v.set or {}
  if type(set) ~= "table" then fail("variant '" .. v.name .. "': set must be a table of key = value") end
  local presets = {}
  for k, value in pairs(set) do
    if type(k) ~= "string" then fail("variant '" .. v.name .. "': set keys must be parameter names") end
    presets[#presets + 1] = {k, tostring(value)}
  end
  return {name = v.name, label = v.label or v.name, presets = presets, is_variant = true}
end

function lesson(l)
  if the_lesson then fail("lesson: a file holds one lesson header") end
  if type(l) ~= "table" then fail("lesson: expected a table, e.g. lesson { id = \"my-lesson\", title = \"...\", ... }") end
  if type(l.id) ~= "string" or not l.id:match("^[%l%d][%l%d%-]*$") then
    fail("lesson: id must be lowercase letters, digits and -, like \"my-lesson\", got " .. tostring(l.id))
  end
  if type(l.title) ~= "string" or l.title == "" then fail("lesson: title must be a non-empty string") end
  if l.explanation ~= nil and type(l.explanation) ~= "string" then fail("lesson: explanation must be a string") end
  local params, seen = l.params or {}, {}
  for i, p in ipairs(params) do
    if type(p) ~= "table" or not p.is_param then fail("lesson: params[" .. i .. "] must be made with param { ... }") end
    if seen[p.key] then fail("lesson: two parameters are called '" .. p.key .. "'") end
    seen[p.key] = true
  end
  for i, v in ipairs(l.variants or {}) do
    if type(v) ~= "table" or not v.is_variant then fail("lesson: variants[" .. i .. "] must be made with variant { ... }") end
  end
  local flavors = l.flavors or {"current_thread", "multi_thread"}
  if type(flavors) ~= "table" or #flavors == 0 then fail("lesson: flavors must list current_thread and/or multi_thread") end
  for _, f in ipairs(flavors) do
    if f ~= "current_thread" and f ~= "multi_thread" then
      fail("lesson: unknown flavor " .. tostring(f) .. "; allowed: current_thread, multi_thread")
    end
  end
  local default_flavor = l.default_flavor or flavors[1]
  if default_flavor ~= "current_thread" and default_flavor ~= "multi_thread" then
    fail("lesson: unknown default_flavor " .. tostring(default_flavor) .. "; allowed: current_thread, multi_thread")
  end
  local workers = l.workers or 2
  if not is_integer(workers) or workers < 1 or workers > 64 then fail("lesson: workers must be a whole number from 1 to 64") end
  the_lesson = {id = l.id, title = l.title, explanation = l.explanation or "", params = params, variants = l.variants or {},
                flavors = flavors, default_flavor = default_flavor, workers = workers}
end

function _header() return the_lesson end
)LUA";

}  // namespace wakeline::scenarios::script
