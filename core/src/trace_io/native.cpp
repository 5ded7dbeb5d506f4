// The native `.wakeline.json` format: a hand-written writer (fast, deterministic) and a reader
// built on nlohmann's SAX parser, so a million events never become a million JSON DOM nodes and
// every error can name its JSON path. Format reference: docs/trace-format.md.
#include "wakeline/trace_io/native.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

#include "text_out.hpp"
#include "wakeline/printable.hpp"
#include "wakeline/trace_io/trace_file.hpp"

namespace wakeline {
namespace {

using trace_io_detail::append_json_string;
using trace_io_detail::append_uint;
using json = nlohmann::json;

// ================================================================================================
// Writing
// ================================================================================================

void write_header(const Trace& trace, std::string& s) {
  const RunInfo& run = trace.run;
  s += "{\"format\":";
  append_json_string(s, kNativeFormatName);
  s += ",\"version\":";
  append_uint(s, kNativeFormatVersion);
  s += ",\n\"run\":{\"scenario\":";
  append_json_string(s, run.scenario);
  s += ",\"params\":[";
  for (std::size_t i = 0; i < run.params.size(); ++i) {
    s += i == 0 ? "[" : ",[";
    append_json_string(s, run.params[i].first);
    s += ',';
    append_json_string(s, run.params[i].second);
    s += ']';
  }
  s += "],\"flavor\":";
  append_json_string(s, to_string(run.flavor));
  s += ",\"workers\":";
  append_uint(s, run.workers);
  s += ",\"clock\":";
  append_json_string(s, to_string(run.clock));
  s += ",\"seed\":";
  append_uint(s, run.seed);
  s += ",\"poll_cost_ns\":";
  append_uint(s, run.poll_cost_ns);
  s += ",\"total_ns\":";
  append_uint(s, run.total_ns);
  s += ",\"deadlock\":[";
  for (std::size_t i = 0; i < run.deadlock.size(); ++i) {
    s += i == 0 ? "{\"task\":" : ",{\"task\":";
    append_uint(s, run.deadlock[i].task);
    s += ",\"task_name\":";
    append_json_string(s, run.deadlock[i].task_name);
    s += ",\"waits_on\":";
    append_json_string(s, run.deadlock[i].waits_on);
    s += '}';
  }
  s += "],\"source_text\":";
  append_json_string(s, run.source_text);
  s += "},\n\"threads\":[";
  for (std::size_t i = 0; i < trace.threads.size(); ++i) {
    s += i == 0 ? "\n{\"kind\":" : ",\n{\"kind\":";
    append_json_string(s, to_string(trace.threads[i].kind));
    s += ",\"index\":";
    append_uint(s, trace.threads[i].index);
    s += ",\"name\":";
    append_json_string(s, trace.threads[i].name);
    s += '}';
  }
  s += "\n],\n\"strings\":[";
  for (std::size_t i = 0; i < trace.strings.size(); ++i) {
    s += i == 0 ? "\n" : ",\n";
    append_json_string(s, trace.strings[i]);
  }
  s += "\n],\n\"locations\":[";
  for (std::size_t i = 0; i < trace.locations.size(); ++i) {
    s += i == 0 ? "\n{\"file\":" : ",\n{\"file\":";
    append_json_string(s, trace.locations[i].file);
    s += ",\"line\":";
    append_uint(s, trace.locations[i].line);
    s += ",\"function\":";
    append_json_string(s, trace.locations[i].function);
    s += '}';
  }
  s += "\n],\n\"events\":[";
}

// Optional: written only when the trace has message texts, so a trace without them gives the
// bytes it always gave.
void write_messages(const Trace& trace, std::string& s) {
  if (trace.messages.empty()) return;
  s += ",\n\"messages\":[";
  for (std::size_t i = 0; i < trace.messages.size(); ++i) {
    s += i == 0 ? "\n[" : ",\n[";
    append_uint(s, trace.messages[i].channel);
    s += ',';
    append_uint(s, trace.messages[i].seq);
    s += ',';
    append_uint(s, trace.messages[i].text);
    s += ']';
  }
  s += "\n]";
}

void write_native_to(const Trace& trace, trace_io_detail::TextOut& out) {
  write_header(trace, out.text);
  std::string& s = out.text;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    s += i == 0 ? "\n[" : ",\n[";
    append_uint(s, e.time_ns);
    s += ",\"";
    s += to_string(e.kind);  // names are plain ASCII, no escaping needed
    s += "\",";
    append_uint(s, e.thread);
    s += ',';
    append_uint(s, e.task);
    s += ',';
    append_uint(s, e.a());
    s += ',';
    append_uint(s, e.b());
    s += ',';
    append_uint(s, e.c());
    s += ',';
    append_uint(s, e.location);
    s += ']';
    out.flush_if_large();
  }
  s += "\n]";
  write_messages(trace, s);
  s += "}\n";
  out.flush();
}

// ================================================================================================
// Reading: shared helpers
// ================================================================================================

// Thrown only inside this file; read_native turns it into LoadResult::error.
struct FormatError {
  std::string message;
};

// Input quoted in a message: bounded, and with control characters made visible.
std::string shorten(std::string_view text, std::size_t limit = 60) { return printable(text, limit); }

// nlohmann's parse errors end with "last read: '<the token so far>'", which for a file cut inside
// a 50 MB string is 50 MB long: keep the start of the token only.
std::string bounded_parse_error(std::string message) {
  static constexpr std::string_view kLastRead = "last read: '";
  const auto at = message.find(kLastRead);
  if (at == std::string::npos) return printable(message, 4 * kQuoteLimit);
  const std::size_t token = at + kLastRead.size();
  std::string_view rest(message);
  rest.remove_prefix(token);
  if (rest.ends_with('\'')) rest.remove_suffix(1);
  return printable(std::string_view(message).substr(0, token), 4 * kQuoteLimit) + printable(rest) + "'";
}

// Reading a trace costs at most this many times the file (the text itself included), plus
// kMemorySlack: the reader charges what it builds and refuses a file whose shape would cost more
// (e.g. millions of empty objects in a header section, ~30 bytes of memory per byte of file).
constexpr std::uint64_t kMemoryFactor = kJsonMemoryFactor;
constexpr std::uint64_t kMemorySlack = 16ull << 20;
// The shortest event line, [0,"print",0,0,0,0,0,0], bounds how many events a text can hold.
constexpr std::size_t kMinEventBytes = 23;

// How a value looks in an error message: `"x"`, `-3`, `1.5`, `null`, `an object`.
std::string describe(const json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  return shorten(value.dump());
}

// Every enum with a to_string() answers "?" past its last value, which bounds this search.
template <typename Enum>
std::optional<Enum> enum_from_name(std::string_view name) {
  for (int i = 0; i < 256; ++i) {
    const std::string_view candidate = to_string(static_cast<Enum>(i));
    if (candidate == "?") break;
    if (candidate == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

template <typename Enum>
std::string enum_names() {
  std::string out;
  for (int i = 0; i < 256; ++i) {
    const std::string_view candidate = to_string(static_cast<Enum>(i));
    if (candidate == "?") break;
    if (!out.empty()) out += ", ";
    out += candidate;
  }
  return out;
}

// Refuses input that cannot be a trace before the JSON parser sees it, with a message that says
// what the input looks like instead.
std::optional<std::string> reject_non_text(std::string_view text) {
  auto starts_with = [&](std::string_view magic) { return text.substr(0, magic.size()) == magic; };
  if (starts_with("\x1f\x8b")) return "not a text file: it starts like gzip-compressed data; decompress it first";
  if (starts_with("PK\x03\x04")) return "not a text file: it starts like a zip archive; extract the trace first";
  if (starts_with("\x28\xb5\x2f\xfd")) return "not a text file: it starts like zstd-compressed data; decompress it first";
  if (starts_with("\xff\xfe") || starts_with("\xfe\xff"))
    return "the file is UTF-16 text; traces are UTF-8 JSON, save it as UTF-8";
  const std::size_t probe = std::min<std::size_t>(text.size(), 4096);
  for (std::size_t i = 0; i < probe; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // JSON allows no raw control characters except whitespace, so any is a sign of binary data.
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      return std::string("not a text file: control byte ") + hex + " at offset " + std::to_string(i) +
             " (binary data is not a .wakeline.json trace)";
    }
  }
  return std::nullopt;
}

// The JSON parser holds a string token whole, and on an error in it quotes all of it several
// times over: a file cut inside a 50 MB string cost 8x its size. No trace holds a string this
// long (names, printed lines, a lesson's source), so longer ones are refused before parsing.
constexpr std::size_t kMaxStringBytes = 4u << 20;

std::optional<std::string> reject_long_strings(std::string_view text) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
    if (text[i] != '"') continue;
    const std::size_t start = i;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\') ++i;
      if (i - start > kMaxStringBytes)
        return "a string at line " + std::to_string(line) + ", column " + std::to_string(start - line_start + 1) +
               " is longer than " + describe_size(kMaxStringBytes) + " (" + shorten(text.substr(start, 40)) +
               "); no trace holds one that long";
    }
    // A newline inside a string is a JSON error the parser reports; count it all the same.
    for (std::size_t k = start; k < i && k < text.size(); ++k)
      if (text[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
  }
  return std::nullopt;
}

// ================================================================================================
// Reading: the SAX handler
// ================================================================================================

// Streams the top-level object. "format" and "version" must come first so an unknown version is
// reported as such, not as whatever shape error its new layout would cause. "events" is decoded
// straight into Trace::events; the other (small) sections are collected as a DOM and decoded after.
class NativeSax {
 public:
  explicit NativeSax(Trace& trace, std::size_t text_size)
      : trace_(trace), budget_((kMemoryFactor - 1) * text_size + kMemorySlack), text_size_(text_size) {
    // The most events the text can hold: the vector never grows (and never holds two copies).
    // Pages of it that no event reaches are never touched, so they cost no memory.
    trace_.events.reserve(text_size / kMinEventBytes + 1);
  }

  std::string error;  // the first problem; parsing stops there
  json sections = json::object();
  bool saw_events = false;
  bool saw_strings = false;

  // --- SAX interface (called by nlohmann::json::sax_parse) ----------------------------------
  bool null() { return scalar(json(nullptr)); }
  bool boolean(bool value) { return scalar(json(value)); }
  bool number_integer(json::number_integer_t value) { return scalar(json(value)); }
  bool number_float(json::number_float_t value, const std::string& raw) {
    // Outside the sections a float is always an error, best shown as written ("1e999", not "inf").
    return mode_ == Mode::Section ? scalar(json(value)) : scalar(json(raw), Raw::Number);
  }
  bool binary(json::binary_t&) { return fail("unexpected binary value"); }

  bool number_unsigned(json::number_unsigned_t value) {
    if (mode_ == Mode::Event && slot_ < kSlots && slot_ != 1) return event_number(value);
    return scalar(json(value));
  }

  bool string(std::string& value) {
    if (mode_ == Mode::Event && slot_ == 1) return event_kind(value);
    if (mode_ == Mode::Strings) return table_string(value);
    if (mode_ == Mode::Section && !charge(slot_cost() + string_cost(value.size()))) return false;
    return scalar(json(std::move(value)), Raw::String);
  }

  bool start_object(std::size_t) {
    if (mode_ == Mode::Section && !charge(slot_cost() + kContainerCost)) return false;
    return start_container(json::object(), "an object");
  }
  bool start_array(std::size_t) {
    if (mode_ == Mode::StringsValue) {
      mode_ = Mode::Strings;
      return true;
    }
    if (mode_ == Mode::Section && !charge(slot_cost() + kContainerCost)) return false;
    return start_container(json::array(), "an array");
  }

  bool key(std::string& name) {
    if (mode_ == Mode::Section) {
      pending_key_ = std::move(name);
      return true;
    }
    return top_level_key(name);
  }

  bool end_object() {
    if (mode_ == Mode::Section) return end_section_container();
    // The root object closes.
    if (key_count_ == 0) return fail("not a Wakeline trace: the \"format\": \"wakeline-trace\" field is missing");
    if (key_count_ == 1) return fail("version: required field is missing");
    mode_ = Mode::Done;
    return true;
  }

  bool end_array() {
    switch (mode_) {
      case Mode::Strings: mode_ = Mode::TopLevel; return true;
      case Mode::Section: return end_section_container();
      case Mode::Events: mode_ = Mode::TopLevel; return true;
      case Mode::Event: return end_event();
      default: return fail("unexpected end of array");
    }
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    std::string message = ex.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." -> keep from "parse error".
    if (const auto at = message.find("parse error"); at != std::string::npos) message = message.substr(at);
    return fail("not valid JSON: " + bounded_parse_error(std::move(message)));
  }

 private:
  // EventsValue: after the "events" key; Events: inside its array; Event: inside one event.
  // StringsValue: after the "strings" key; Strings: inside its array (decoded straight into
  // Trace::strings: it is the one header section that grows with the run).
  enum class Mode : std::uint8_t {
    Start, TopLevel, Format, Version, EventsValue, Events, Event, StringsValue, Strings, Section, Done
  };
  enum class Raw : std::uint8_t { Value, Number, String };
  static constexpr std::size_t kSlots = 8;  // [time_ns, kind, thread, task, a, b, c, location]
  static constexpr std::string_view kEventShape = "[time_ns, kind, thread, task, a, b, c, location]";

  bool fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }

  // --- Memory: what the header sections and string table cost, charged as they are built ------
  // Estimates of glibc/libstdc++ sizes, rounded up: a json value is 16 bytes, an array element
  // 16 more for the vector's growth, an object member a map node (~96 bytes), a string its
  // heap block plus room for one copy when it is decoded.
  // Measured peaks run up to 1.5x these sizes (a vector's old and new buffers while it grows,
  // blocks malloc keeps after a free), so each is charged at about twice its size.
  static constexpr std::uint64_t kContainerCost = 128;

  std::uint64_t slot_cost() const {
    if (section_stack_.empty()) return 32;
    if (section_stack_.back()->is_array()) return 64;
    return 192 + (pending_key_.size() > 15 ? 2 * (pending_key_.size() + 17) : 0);
  }
  static std::uint64_t string_cost(std::size_t length) { return 96 + 2 * (length + 17); }

  bool charge(std::uint64_t bytes) {
    used_ += bytes;
    if (used_ <= budget_) return true;
    return fail("the trace's header sections need more than " + std::to_string(kMemoryFactor) +
                " times the file's size in memory (" + describe_size(text_size_) +
                "): a file of that shape is not a trace Wakeline wrote, and is refused to keep memory bounded");
  }

  // A string of the strings table; anything else there is a type error with its path.
  bool table_string(std::string& value) {
    // 32 bytes in the vector, 64 more while it grows; a heap block past the small-string buffer.
    if (!charge(96 + (value.size() > 15 ? value.size() + 17 : 0))) return false;
    trace_.strings.push_back(std::move(value));
    return true;
  }
  bool table_non_string(const std::string& shown) {
    return fail("strings[" + std::to_string(trace_.strings.size()) + "]: expected a string, got " + shown);
  }

  std::string event_path() const { return "events[" + std::to_string(trace_.events.size()) + "]"; }
  std::string slot_path() const { return event_path() + "[" + std::to_string(slot_) + "]"; }

  // A value that is not an event number or kind. `raw` says how to show it in a message: the
  // parser hands floats over as their source text.
  bool scalar(json value, Raw raw = Raw::Value) {
    auto shown = [&] { return raw == Raw::Number ? value.get<std::string>() : describe(value); };
    switch (mode_) {
      case Mode::Start:
        return fail("not a Wakeline trace: expected a JSON object {\"format\": \"wakeline-trace\", ...}, found " + shown());
      case Mode::Format: {
        if (raw != Raw::String || value.get<std::string>() != kNativeFormatName)
          return fail("not a Wakeline trace: \"format\" is " + shown() + ", expected \"wakeline-trace\"");
        mode_ = Mode::TopLevel;
        return true;
      }
      case Mode::Version: {
        if (!value.is_number_unsigned()) return fail("version: expected an unsigned integer, got " + shown());
        if (value.get<std::uint64_t>() != kNativeFormatVersion)
          return fail("unsupported version " + value.dump() + " of the wakeline-trace format; this build reads version " +
                      std::to_string(kNativeFormatVersion) + " only");
        mode_ = Mode::TopLevel;
        return true;
      }
      case Mode::EventsValue: return fail("events: expected an array of events, got " + shown());
      case Mode::StringsValue: return fail("strings: expected an array of strings, got " + shown());
      case Mode::Strings: return table_non_string(shown());
      case Mode::Events:
        return fail(event_path() + ": expected an array " + std::string(kEventShape) + ", got " + shown());
      case Mode::Event:
        if (slot_ >= kSlots) return too_many_values();
        if (slot_ == 1) return fail(slot_path() + ": expected an event kind name (a string), got " + shown());
        return fail(slot_path() + ": expected an unsigned integer, got " + shown());
      case Mode::Section: {
        if (raw != Raw::String && !charge(slot_cost())) return false;  // strings were charged by string()
        *section_slot() = std::move(value);
        if (section_stack_.empty()) mode_ = Mode::TopLevel;
        return true;
      }
      default: return fail("unexpected value after the top-level object");
    }
  }

  bool start_container(json empty, const char* what) {
    switch (mode_) {
      case Mode::Start:
        if (!empty.is_object())
          return fail("not a Wakeline trace: expected a JSON object {\"format\": \"wakeline-trace\", ...}, found an array");
        mode_ = Mode::TopLevel;
        return true;
      case Mode::Format:
        return fail(std::string("not a Wakeline trace: \"format\" is ") + what + ", expected \"wakeline-trace\"");
      case Mode::Version: return fail(std::string("version: expected an unsigned integer, got ") + what);
      case Mode::EventsValue:
        if (!empty.is_array()) return fail(std::string("events: expected an array of events, got ") + what);
        mode_ = Mode::Events;
        return true;
      case Mode::StringsValue: return fail(std::string("strings: expected an array of strings, got ") + what);
      case Mode::Strings: return table_non_string(what);
      case Mode::Events:
        if (!empty.is_array())
          return fail(event_path() + ": expected an array " + std::string(kEventShape) + ", got " + what);
        mode_ = Mode::Event;
        slot_ = 0;
        return true;
      case Mode::Event:
        if (slot_ >= kSlots) return too_many_values();
        return fail(slot_path() + ": expected " + (slot_ == 1 ? "an event kind name (a string)" : "an unsigned integer") +
                    ", got " + what);
      case Mode::Section: {
        json* slot = section_slot();
        *slot = std::move(empty);
        section_stack_.push_back(slot);
        return true;
      }
      default: return fail("unexpected value after the top-level object");
    }
  }

  // --- Top level -------------------------------------------------------------------------------

  bool top_level_key(const std::string& name) {
    ++key_count_;
    if (key_count_ == 1 && name != "format") {
      std::string message = "not a Wakeline trace: the first field should be \"format\": \"wakeline-trace\", found \"" +
                            shorten(name) + "\"";
      if (name == "traceEvents") message += " (this looks like a Chrome/Perfetto trace, which Wakeline exports but does not read)";
      return fail(message);
    }
    if (key_count_ == 2 && name != "version")
      return fail("the second field should be \"version\" (the format version), found \"" + shorten(name) + "\"");
    if (key_count_ == 1) {
      mode_ = Mode::Format;
      return true;
    }
    if (key_count_ == 2) {
      mode_ = Mode::Version;
      return true;
    }
    if (name == "format" || name == "version") return fail(name + ": appears twice");
    if (name == "events") {
      if (saw_events) return fail("events: appears twice");
      saw_events = true;
      mode_ = Mode::EventsValue;
      return true;
    }
    if (name == "strings") {
      if (saw_strings) return fail("strings: appears twice");
      saw_strings = true;
      mode_ = Mode::StringsValue;
      return true;
    }
    if (sections.contains(name)) return fail(shorten(name) + ": appears twice");
    if (!charge(96 + name.size())) return false;
    mode_ = Mode::Section;
    section_root_ = &sections[name];
    return true;
  }

  // --- Events ----------------------------------------------------------------------------------

  bool event_number(std::uint64_t value) {
    if ((slot_ == 3 || slot_ == 7) && value > 0xffffffffu)
      return fail(slot_path() + ": expected an unsigned 32-bit integer, got " + std::to_string(value));
    if (slot_ == 2 && value >= kMaxThreads)
      return fail(slot_path() + ": a thread index is below " + std::to_string(kMaxThreads) + ", got " +
                  std::to_string(value));
    if (slot_ >= 4 && slot_ <= 6) {
      // The kind (slot 1) decides how wide each payload field is (trace.hpp, payload_max).
      const auto field = static_cast<PayloadField>(slot_ - 4);
      const std::uint64_t max = payload_max(event_.kind, field);
      if (value > max)
        return fail(slot_path() + ": " + "abc"[slot_ - 4] + " of a " + std::string(to_string(event_.kind)) +
                    " event is at most " + std::to_string(max) + ", got " + std::to_string(value));
    }
    switch (slot_) {
      case 0: event_.time_ns = value; break;
      case 2: event_.thread = static_cast<std::uint16_t>(value); break;
      case 3: event_.task = static_cast<TaskId>(value); break;
      case 4: event_.set_a(value); break;
      case 5: event_.set_b(value); break;
      case 6: event_.set_c(value); break;
      default: event_.location = static_cast<LocationId>(value); break;
    }
    ++slot_;
    return true;
  }

  bool event_kind(const std::string& name) {
    const auto kind = event_kind_from_string(name);
    if (!kind)
      return fail(slot_path() + ": unknown event kind \"" + shorten(name) + "\" (version " +
                  std::to_string(kNativeFormatVersion) + " knows " + std::to_string(kEventKindCount) +
                  " kinds, listed in docs/trace-format.md)");
    event_.kind = *kind;
    ++slot_;
    return true;
  }

  bool too_many_values() { return fail(event_path() + ": expected 8 values " + std::string(kEventShape) + ", got more"); }

  bool end_event() {
    if (slot_ != kSlots)
      return fail(event_path() + ": expected 8 values " + std::string(kEventShape) + ", got " + std::to_string(slot_));
    if (!trace_.events.empty() && event_.time_ns < trace_.events.back().time_ns)
      return fail(event_path() + ": time_ns " + std::to_string(event_.time_ns) + " is earlier than the previous event's " +
                  std::to_string(trace_.events.back().time_ns) + "; events must be sorted by time");
    if (!charge(sizeof(Event))) return false;
    trace_.events.push_back(event_);  // within the reserve: never reallocates
    event_ = Event{};
    mode_ = Mode::Events;
    return true;
  }

  // --- Other sections, collected as a DOM --------------------------------------------------------

  json* section_slot() {
    if (section_stack_.empty()) return section_root_;
    json* top = section_stack_.back();
    if (top->is_array()) {
      top->push_back(nullptr);
      return &top->back();
    }
    return &(*top)[pending_key_];
  }

  bool end_section_container() {
    section_stack_.pop_back();
    if (section_stack_.empty()) mode_ = Mode::TopLevel;
    return true;
  }

  Trace& trace_;
  std::uint64_t budget_ = 0;
  std::uint64_t used_ = 0;
  std::size_t text_size_ = 0;
  Mode mode_ = Mode::Start;
  int key_count_ = 0;
  Event event_;
  std::size_t slot_ = 0;
  json* section_root_ = nullptr;
  std::vector<json*> section_stack_;
  std::string pending_key_;
};

// ================================================================================================
// Reading: decoding the header sections, with a JSON path in every error
// ================================================================================================

[[noreturn]] void wrong_type(const std::string& path, std::string_view expected, const json& got) {
  throw FormatError{path + ": expected " + std::string(expected) + ", got " + describe(got)};
}

const json& field(const json& object, const std::string& path, const char* key) {
  const std::string where = path.empty() ? std::string(key) : path + "." + key;
  const auto it = object.find(key);
  if (it == object.end()) throw FormatError{where + ": required field is missing"};
  return *it;
}

std::string child(const std::string& path, const char* key) { return path.empty() ? std::string(key) : path + "." + key; }
std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

const json& as_object(const json& value, const std::string& path) {
  if (!value.is_object()) wrong_type(path, "an object", value);
  return value;
}
const json& as_array(const json& value, const std::string& path) {
  if (!value.is_array()) wrong_type(path, "an array", value);
  return value;
}
std::string as_string(const json& value, const std::string& path) {
  if (!value.is_string()) wrong_type(path, "a string", value);
  return value.get<std::string>();
}
std::uint64_t as_u64(const json& value, const std::string& path) {
  if (!value.is_number_unsigned()) wrong_type(path, "an unsigned integer", value);
  return value.get<std::uint64_t>();
}
std::uint32_t as_u32(const json& value, const std::string& path) {
  const std::uint64_t wide = as_u64(value, path);
  if (wide > 0xffffffffu) wrong_type(path, "an unsigned 32-bit integer", value);
  return static_cast<std::uint32_t>(wide);
}
template <typename Enum>
Enum as_enum(const json& value, const std::string& path, std::string_view what) {
  const std::string name = as_string(value, path);
  const auto parsed = enum_from_name<Enum>(name);
  if (!parsed)
    throw FormatError{path + ": unknown " + std::string(what) + " \"" + shorten(name) + "\" (expected one of: " +
                      enum_names<Enum>() + ")"};
  return *parsed;
}

// Shorthands for "the field `key` of object `object` at `path`".
std::string get_string(const json& object, const std::string& path, const char* key) {
  return as_string(field(object, path, key), child(path, key));
}
std::uint64_t get_u64(const json& object, const std::string& path, const char* key) {
  return as_u64(field(object, path, key), child(path, key));
}
std::uint32_t get_u32(const json& object, const std::string& path, const char* key) {
  return as_u32(field(object, path, key), child(path, key));
}

RunInfo decode_run(const json& value) {
  const std::string path = "run";
  as_object(value, path);
  RunInfo run;
  run.scenario = get_string(value, path, "scenario");
  const std::string params_path = child(path, "params");
  const json& params = as_array(field(value, path, "params"), params_path);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const std::string p = item(params_path, i);
    if (!params[i].is_array() || params[i].size() != 2) wrong_type(p, "an array of 2 strings [name, value]", params[i]);
    run.params.emplace_back(as_string(params[i][0], item(p, 0)), as_string(params[i][1], item(p, 1)));
  }
  run.flavor = as_enum<Flavor>(field(value, path, "flavor"), child(path, "flavor"), "flavor");
  run.workers = get_u32(value, path, "workers");
  run.clock = as_enum<ClockKind>(field(value, path, "clock"), child(path, "clock"), "clock");
  run.seed = get_u64(value, path, "seed");
  run.poll_cost_ns = get_u64(value, path, "poll_cost_ns");
  run.total_ns = get_u64(value, path, "total_ns");
  const std::string deadlock_path = child(path, "deadlock");
  const json& deadlock = as_array(field(value, path, "deadlock"), deadlock_path);
  for (std::size_t i = 0; i < deadlock.size(); ++i) {
    const std::string p = item(deadlock_path, i);
    as_object(deadlock[i], p);
    run.deadlock.push_back(DeadlockEntry{get_u32(deadlock[i], p, "task"), get_string(deadlock[i], p, "task_name"),
                                         get_string(deadlock[i], p, "waits_on")});
  }
  run.source_text = get_string(value, path, "source_text");
  return run;
}

// The optional message table: [channel, seq, text] triples. What they refer to is validate()'s job.
void decode_messages(const json& sections, Trace& trace) {
  const auto it = sections.find("messages");
  if (it == sections.end()) return;
  const json& messages = as_array(*it, "messages");
  trace.messages.reserve(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const std::string p = item("messages", i);
    if (!messages[i].is_array() || messages[i].size() != 3)
      wrong_type(p, "an array of 3 unsigned integers [channel, seq, text]", messages[i]);
    trace.messages.push_back(MessageText{as_u32(messages[i][0], item(p, 0)), as_u32(messages[i][1], item(p, 1)),
                                         as_u32(messages[i][2], item(p, 2))});
  }
}

void decode_sections(const json& sections, Trace& trace, bool saw_strings) {
  trace.run = decode_run(field(sections, "", "run"));

  const json& threads = as_array(field(sections, "", "threads"), "threads");
  for (std::size_t i = 0; i < threads.size(); ++i) {
    const std::string p = item("threads", i);
    as_object(threads[i], p);
    trace.threads.push_back(ThreadInfo{as_enum<ThreadKind>(field(threads[i], p, "kind"), child(p, "kind"), "thread kind"),
                                       get_u32(threads[i], p, "index"), get_string(threads[i], p, "name")});
  }
  if (!saw_strings) throw FormatError{"strings: required field is missing"};


  const json& locations = as_array(field(sections, "", "locations"), "locations");
  for (std::size_t i = 0; i < locations.size(); ++i) {
    const std::string p = item("locations", i);
    as_object(locations[i], p);
    trace.locations.push_back(
        SourceLocation{get_string(locations[i], p, "file"), get_u32(locations[i], p, "line"), get_string(locations[i], p, "function")});
  }
  decode_messages(sections, trace);
}

LoadResult failure(std::string message) { return LoadResult{std::nullopt, std::move(message)}; }

}  // namespace

std::string write_native(const Trace& trace) {
  trace_io_detail::TextOut out;
  out.text.reserve(4096 + trace.events.size() * 40);
  write_native_to(trace, out);
  return std::move(out.text);
}

void write_native(const Trace& trace, std::ostream& out) {
  trace_io_detail::TextOut sink{.text = {}, .stream = &out};
  write_native_to(trace, sink);
}

LoadResult read_native(std::string_view text, std::uint64_t max_bytes) {
  if (text.empty()) return failure("the input is empty (0 bytes); a trace file starts with {\"format\": \"wakeline-trace\"");
  const SizeLimit limit = trace_size_limit(TraceEncoding::Json, max_bytes);
  if (text.size() > limit.bytes)
    return failure("the input is " + describe_size(text.size()) + ", over the limit of " + describe_size(limit.bytes) + " " +
                   limit.why);
  if (auto problem = reject_non_text(text)) return failure(std::move(*problem));
  if (auto problem = reject_long_strings(text)) return failure(std::move(*problem));
  try {
    Trace trace;
    NativeSax sax(trace, text.size());
    const bool parsed = json::sax_parse(text.data(), text.data() + text.size(), &sax);
    if (!parsed || !sax.error.empty()) return failure(sax.error.empty() ? "not valid JSON" : sax.error);
    if (!sax.saw_events) return failure("events: required field is missing");
    decode_sections(sax.sections, trace, sax.saw_strings);
    return LoadResult{std::move(trace), {}};
  } catch (const FormatError& problem) {
    return failure(problem.message);
  } catch (const std::bad_alloc&) {
    return failure("out of memory while reading the trace");
  } catch (const std::exception& unexpected) {
    return failure(std::string("could not read the trace: ") + unexpected.what());
  }
}

LoadResult read_native_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  return read_trace_file(path, max_bytes);
}

}  // namespace wakeline
