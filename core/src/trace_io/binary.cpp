// The binary native format `.wkl`: a fixed header, a table of sections, the small tables (run,
// threads, strings, locations) as varints and length-prefixed strings, then one section per event
// field. Why columns and varints rather than a general compressor: docs/trace-format.md.
#include "wakeline/trace_io/binary.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <ostream>
#include <vector>

#include "byte_buffer.hpp"
#include "event_fields.hpp"
#include "runtime/huge_pages.hpp"
#include "wakeline/printable.hpp"

namespace wakeline {
namespace {

using Bytes = trace_io_detail::ByteBuffer;
using trace_io_detail::decode_event;
using trace_io_detail::encode_event;
using trace_io_detail::EventFields;

// Section ids. A reader ignores ids it does not know (a later version may add sections); every
// id below is required.
enum SectionId : std::uint32_t {
  kRunSection = 1,
  kThreadsSection = 2,
  kStringsSection = 3,
  kLocationsSection = 4,
  kMessagesSection = 5,  // optional: the message texts (Trace::messages), only when there are some
  kTimeColumn = 16,  // time_ns - the previous event's time_ns
  kKindColumn = 17,  // one byte per event
  kThreadColumn = 18,
  kTaskColumn = 19,  // zigzag(task - the previous event's task)
  kAColumn = 20,     // a, b, c: zigzag(value - the same payload of the previous event of the same kind)
  kBColumn = 21,
  kCColumn = 22,
  kLocationColumn = 23,
};
constexpr std::uint32_t kRequiredSections[] = {kRunSection, kThreadsSection, kStringsSection, kLocationsSection,
                                               kTimeColumn, kKindColumn, kThreadColumn, kTaskColumn,
                                               kAColumn, kBColumn, kCColumn, kLocationColumn};
constexpr std::size_t kSectionEntryBytes = 24;  // u32 id, u32 reserved (0), u64 offset, u64 size

const char* section_name(std::uint32_t id) {
  switch (id) {
    case kRunSection: return "run";
    case kThreadsSection: return "threads";
    case kStringsSection: return "strings";
    case kLocationsSection: return "locations";
    case kMessagesSection: return "messages";
    case kTimeColumn: return "events column time_ns";
    case kKindColumn: return "events column kind";
    case kThreadColumn: return "events column thread";
    case kTaskColumn: return "events column task";
    case kAColumn: return "events column a";
    case kBColumn: return "events column b";
    case kCColumn: return "events column c";
    case kLocationColumn: return "events column location";
    default: return "unknown section";
  }
}

std::uint64_t zigzag(std::uint64_t delta) { return (delta << 1) ^ (0 - (delta >> 63)); }
std::uint64_t unzigzag(std::uint64_t z) { return (z >> 1) ^ (0 - (z & 1)); }

// ================================================================================================
// Writing
// ================================================================================================

void put_u32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}
void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}
void set_u64(std::string& out, std::size_t at, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out[at + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xff);
}

Bytes encode_run(const RunInfo& run) {
  Bytes out;
  out.string(run.scenario);
  out.varint(run.params.size());
  for (const auto& [name, value] : run.params) {
    out.string(name);
    out.string(value);
  }
  out.byte(static_cast<std::uint8_t>(run.flavor));
  out.varint(run.workers);
  out.byte(static_cast<std::uint8_t>(run.clock));
  out.varint(run.seed);
  out.varint(run.poll_cost_ns);
  out.varint(run.total_ns);
  out.varint(run.deadlock.size());
  for (const DeadlockEntry& entry : run.deadlock) {
    out.varint(entry.task);
    out.string(entry.task_name);
    out.string(entry.waits_on);
  }
  out.string(run.source_text);
  return out;
}

Bytes encode_threads(const Trace& trace) {
  Bytes out;
  out.varint(trace.threads.size());
  for (const ThreadInfo& thread : trace.threads) {
    out.byte(static_cast<std::uint8_t>(thread.kind));
    out.varint(thread.index);
    out.string(thread.name);
  }
  return out;
}

Bytes encode_strings(const Trace& trace) {
  Bytes out;
  out.varint(trace.strings.size());
  for (const std::string& text : trace.strings) out.string(text);
  return out;
}

Bytes encode_locations(const Trace& trace) {
  Bytes out;
  out.varint(trace.locations.size());
  for (const SourceLocation& location : trace.locations) {
    out.string(location.file);
    out.varint(location.line);
    out.string(location.function);
  }
  return out;
}

Bytes encode_messages(const Trace& trace) {
  Bytes out;
  out.varint(trace.messages.size());
  for (const MessageText& message : trace.messages) {
    out.varint(message.channel);
    out.varint(message.seq);
    out.varint(message.text);
  }
  return out;
}

// The eight event columns, in kRequiredSections order from kTimeColumn on.
struct EventColumns {
  Bytes time, kind, thread, task, a, b, c, location;
};

EventColumns encode_events(const Trace& trace) {
  EventColumns out;
  const std::size_t count = trace.events.size();
  for (Bytes* column : {&out.time, &out.thread, &out.task, &out.a, &out.b, &out.c, &out.location})
    column->reserve(count * 2 + 64);  // most values take one or two bytes; grows if not
  out.kind.reserve(count + 64);
  std::uint64_t previous_time = 0;
  std::uint32_t previous_task = 0;
  std::uint64_t previous_payload[256][3] = {};  // by kind: a, b and c of its last event
  for (std::size_t i = 0; i < count; ++i) {
    const EventFields e = encode_event(trace, i);
    out.time.varint(e.time_ns - previous_time);
    out.kind.byte(e.kind);
    out.thread.varint(e.thread);
    out.task.varint(zigzag(static_cast<std::uint64_t>(e.task) - previous_task));
    std::uint64_t* previous = previous_payload[e.kind];
    out.a.varint(zigzag(e.a - previous[0]));
    out.b.varint(zigzag(e.b - previous[1]));
    out.c.varint(zigzag(e.c - previous[2]));
    out.location.varint(e.location);
    previous_time = e.time_ns;
    previous_task = e.task;
    previous[0] = e.a;
    previous[1] = e.b;
    previous[2] = e.c;
  }
  return out;
}

std::string encode_file(const Trace& trace) {
  const Bytes run = encode_run(trace.run);
  const Bytes threads = encode_threads(trace);
  const Bytes strings = encode_strings(trace);
  const Bytes locations = encode_locations(trace);
  const EventColumns events = encode_events(trace);
  const Bytes messages = encode_messages(trace);
  std::vector<std::pair<std::uint32_t, const Bytes*>> sections = {
      {kRunSection, &run},         {kThreadsSection, &threads}, {kStringsSection, &strings},
      {kLocationsSection, &locations}, {kTimeColumn, &events.time},  {kKindColumn, &events.kind},
      {kThreadColumn, &events.thread}, {kTaskColumn, &events.task},  {kAColumn, &events.a},
      {kBColumn, &events.b},       {kCColumn, &events.c},       {kLocationColumn, &events.location}};
  if (!trace.messages.empty()) sections.emplace_back(kMessagesSection, &messages);  // else the file is as before
  const std::size_t kSections = sections.size();

  std::size_t total = kBinaryHeaderBytes + kSections * kSectionEntryBytes;
  for (const auto& section : sections) total += section.second->size;
  std::string file;
  file.reserve(total);
  detail::advise_huge(file.data(), total);
  file.append(kBinaryMagic);
  put_u32(file, kBinaryFormatVersion);
  put_u32(file, static_cast<std::uint32_t>(kSections));
  put_u64(file, total);
  put_u64(file, trace.events.size());
  put_u64(file, 0);  // the checksum, set below
  put_u64(file, 0);  // reserved
  std::uint64_t offset = kBinaryHeaderBytes + kSections * kSectionEntryBytes;
  for (const auto& [id, bytes] : sections) {
    put_u32(file, id);
    put_u32(file, 0);
    put_u64(file, offset);
    put_u64(file, bytes->size);
    offset += bytes->size;
  }
  for (const auto& section : sections) file.append(section.second->view());
  set_u64(file, 32, binary_checksum(std::string_view(file).substr(kBinaryHeaderBytes)));
  return file;
}

// ================================================================================================
// Reading
// ================================================================================================

// Thrown only inside this file; read_binary turns it into LoadResult::error.
struct FormatError {
  std::string message;
};

std::uint32_t get_u32(const std::uint8_t* at) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | at[i];
  return value;
}
std::uint64_t get_u64(const std::uint8_t* at) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | at[i];
  return value;
}

std::string mib(std::uint64_t bytes) {
  char text[48];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

// Decodes one varint at `at` (bounded by `end`); false when the input ends inside it or it is
// longer than 64 bits.
inline bool read_varint(const std::uint8_t*& at, const std::uint8_t* end, std::uint64_t& value) {
  if (at < end && *at < 0x80) {  // the common case: one byte
    value = *at++;
    return true;
  }
  std::uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (at >= end) return false;
    const std::uint8_t byte = *at++;
    if (shift == 63 && byte > 1) return false;
    result |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) {
      value = result;
      return true;
    }
  }
  return false;
}

// What reading may still cost: the reader charges every table as it builds it.
struct MemoryBudget {
  std::uint64_t left = 0;
  std::uint64_t file_bytes = 0;

  void charge(std::uint64_t bytes, const char* section, std::uint64_t count) {
    if (bytes <= left) {
      left -= bytes;
      return;
    }
    throw FormatError{std::string(section) + ": its " + std::to_string(count) + " entries would take more than " +
                      std::to_string(kBinaryMemoryFactor) + " times the file's " + mib(file_bytes) +
                      " in memory; no trace Wakeline writes is shaped like that"};
  }
};

// One section's bytes, read front to back; every read is bounded by the section's end.
class SectionReader {
 public:
  SectionReader(std::string_view bytes, const char* name)
      : at_(reinterpret_cast<const std::uint8_t*>(bytes.data())), end_(at_ + bytes.size()), name_(name) {}

  std::uint64_t varint(const std::string& field) {
    std::uint64_t value = 0;
    if (!read_varint(at_, end_, value)) fail(field, at_ >= end_ ? "the section ends inside it" : "not a valid varint");
    return value;
  }
  std::uint32_t u32(const std::string& field) {
    const std::uint64_t value = varint(field);
    if (value > 0xffffffffu) fail(field, std::to_string(value) + " does not fit in 32 bits");
    return static_cast<std::uint32_t>(value);
  }
  std::uint8_t byte(const std::string& field) {
    if (at_ >= end_) fail(field, "the section ends before it");
    return *at_++;
  }
  template <typename Enum>
  Enum enumerated(const std::string& field, const char* what) {
    const std::uint8_t value = byte(field);
    if (to_string(static_cast<Enum>(value)) == "?") fail(field, "unknown " + std::string(what) + " " + std::to_string(value));
    return static_cast<Enum>(value);
  }
  std::string string(const std::string& field, MemoryBudget& budget) {
    const std::uint64_t length = varint(field + " length");
    if (length > remaining())
      fail(field, "its length " + std::to_string(length) + " runs past the end of the section (" +
                      std::to_string(remaining()) + " bytes left)");
    budget.charge(length + 1, name_, length);
    std::string text(reinterpret_cast<const char*>(at_), static_cast<std::size_t>(length));
    at_ += length;
    return text;
  }
  // string() without the field's name, for a table of a million names: false, having read nothing,
  // where string() would fail (the caller then calls it, which names the field in its message).
  bool quick_string(MemoryBudget& budget, std::string& out) {
    const std::uint8_t* start = at_;
    std::uint64_t length = 0;
    if (!read_varint(at_, end_, length) || length > remaining() || length + 1 > budget.left) {
      at_ = start;
      return false;
    }
    budget.left -= length + 1;
    out.assign(reinterpret_cast<const char*>(at_), static_cast<std::size_t>(length));
    at_ += length;
    return true;
  }
  // A count of entries that each take at least `min_bytes`, checked before anything is allocated.
  std::uint64_t count(const std::string& field, std::uint64_t min_bytes) {
    const std::uint64_t n = varint(field);
    if (n > remaining() / min_bytes)
      fail(field, "the count " + std::to_string(n) + " is more than the " + std::to_string(remaining()) +
                      " bytes left in the section can hold");
    return n;
  }
  void expect_end() {
    if (at_ != end_) throw FormatError{std::string(name_) + ": " + std::to_string(remaining()) + " bytes left over after its last field"};
  }
  std::uint64_t remaining() const { return static_cast<std::uint64_t>(end_ - at_); }

 private:
  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw FormatError{std::string(name_) + ": " + field + ": " + problem};
  }

  const std::uint8_t* at_;
  const std::uint8_t* end_;
  const char* name_;
};

std::string item(const char* section, std::uint64_t i) { return std::string(section) + "[" + std::to_string(i) + "]"; }

RunInfo decode_run(std::string_view bytes, MemoryBudget& budget) {
  SectionReader in(bytes, "run");
  RunInfo run;
  run.scenario = in.string("scenario", budget);
  const std::uint64_t params = in.count("params count", 2);
  budget.charge(params * 64, "run", params);
  for (std::uint64_t i = 0; i < params; ++i) {
    std::string name = in.string(item("params", i) + " name", budget);
    run.params.emplace_back(std::move(name), in.string(item("params", i) + " value", budget));
  }
  run.flavor = in.enumerated<Flavor>("flavor", "flavor");
  run.workers = in.u32("workers");
  run.clock = in.enumerated<ClockKind>("clock", "clock");
  run.seed = in.varint("seed");
  run.poll_cost_ns = in.varint("poll_cost_ns");
  run.total_ns = in.varint("total_ns");
  const std::uint64_t stuck = in.count("deadlock count", 3);
  budget.charge(stuck * sizeof(DeadlockEntry), "run", stuck);
  for (std::uint64_t i = 0; i < stuck; ++i) {
    DeadlockEntry entry;
    entry.task = in.u32(item("deadlock", i) + " task");
    entry.task_name = in.string(item("deadlock", i) + " task_name", budget);
    entry.waits_on = in.string(item("deadlock", i) + " waits_on", budget);
    run.deadlock.push_back(std::move(entry));
  }
  run.source_text = in.string("source_text", budget);
  in.expect_end();
  return run;
}

void decode_tables(Trace& trace, std::string_view threads, std::string_view strings, std::string_view locations,
                   MemoryBudget& budget) {
  {
    SectionReader in(threads, "threads");
    const std::uint64_t n = in.count("count", 3);
    budget.charge(n * sizeof(ThreadInfo), "threads", n);
    trace.threads.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      ThreadInfo thread;
      thread.kind = in.enumerated<ThreadKind>(item("threads", i) + " kind", "thread kind");
      thread.index = in.u32(item("threads", i) + " index");
      thread.name = in.string(item("threads", i) + " name", budget);
      trace.threads.push_back(std::move(thread));
    }
    in.expect_end();
  }
  {
    SectionReader in(strings, "strings");
    const std::uint64_t n = in.count("count", 1);
    budget.charge(n * sizeof(std::string), "strings", n);
    trace.strings.reserve(n);
    // ~1M task names in a 10M-event trace, nearly all short enough to live inside the 32-byte
    // strings: the table is 30 MB written once, faulted in as 2 MiB pages rather than 7 000 4 KiB ones.
    detail::advise_huge(trace.strings.data(), n * sizeof(std::string));
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string& text = trace.strings.emplace_back();
      if (!in.quick_string(budget, text)) text = in.string(item("strings", i), budget);
    }
    in.expect_end();
  }
  {
    SectionReader in(locations, "locations");
    const std::uint64_t n = in.count("count", 3);
    budget.charge(n * sizeof(SourceLocation), "locations", n);
    trace.locations.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      SourceLocation location;
      location.file = in.string(item("locations", i) + " file", budget);
      location.line = in.u32(item("locations", i) + " line");
      location.function = in.string(item("locations", i) + " function", budget);
      trace.locations.push_back(std::move(location));
    }
    in.expect_end();
  }
}

// The optional message table. What its ids refer to is validate()'s job, as for the events.
void decode_messages(Trace& trace, std::string_view bytes, MemoryBudget& budget) {
  SectionReader in(bytes, "messages");
  const std::uint64_t n = in.count("count", 3);
  budget.charge(n * sizeof(MessageText), "messages", n);
  trace.messages.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    MessageText message;
    message.channel = in.u32(item("messages", i) + " channel");
    message.seq = in.u32(item("messages", i) + " seq");
    message.text = in.u32(item("messages", i) + " text");
    trace.messages.push_back(message);
  }
  in.expect_end();
}

// A column's bytes being decoded, one value per event.
struct Column {
  const std::uint8_t* at;
  const std::uint8_t* end;
  SectionId id;
};

[[noreturn]] void column_error(const Column& column, std::uint64_t event) {
  throw FormatError{std::string(section_name(column.id)) + ": " +
                    (column.at >= column.end ? "ends before event " + std::to_string(event) + " of the count the header gives"
                                             : "event " + std::to_string(event) + " holds no valid varint")};
}

std::uint64_t next(Column& column, std::uint64_t event) {
  std::uint64_t value = 0;
  if (!read_varint(column.at, column.end, value)) column_error(column, event);
  return value;
}

std::uint32_t next_u32(Column& column, std::uint64_t event, const char* field, std::uint64_t value) {
  if (value > 0xffffffffu)
    throw FormatError{"events[" + std::to_string(event) + "]." + field + ": " + std::to_string(value) +
                      " does not fit in 32 bits"};
  (void)column;
  return static_cast<std::uint32_t>(value);
}

// The thread and payload fields hold only what struct Event can keep (trace.hpp): a wider number
// is refused, as the JSON reader refuses it, rather than cut short in memory.
// Called per event: the message's text is built only when a field is too wide.
void check_widths(const EventFields& e, std::uint64_t event) {
  const auto where = [event] { return "events[" + std::to_string(event) + "]"; };
  if (e.thread >= kMaxThreads)
    throw FormatError{where() + ": a thread index is below " + std::to_string(kMaxThreads) + ", got " + std::to_string(e.thread)};
  const auto kind = static_cast<EventKind>(e.kind);
  const std::uint64_t values[3] = {e.a, e.b, e.c};
  for (int field = 0; field < 3; ++field) {
    const std::uint64_t max = payload_max(kind, static_cast<PayloadField>(field));
    if (values[field] > max)
      throw FormatError{where() + ": " + "abc"[field] + " of a " + std::string(to_string(kind)) + " event is at most " +
                        std::to_string(max) + ", got " + std::to_string(values[field])};
  }
}

void decode_events(Trace& trace, std::uint64_t count, Column (&columns)[8], LoadProgress* progress) {
  Column& time = columns[0];
  Column& kind = columns[1];
  Column& thread = columns[2];
  Column& task = columns[3];
  Column& a = columns[4];
  Column& b = columns[5];
  Column& c = columns[6];
  Column& location = columns[7];
  std::uint64_t previous_time = 0;
  std::uint64_t previous_task = 0;
  std::uint64_t previous_payload[256][3] = {};
  for (std::uint64_t i = 0; i < count; ++i) {
    EventFields e;
    const std::uint64_t delta = next(time, i);
    e.time_ns = previous_time + delta;
    if (e.time_ns < previous_time)  // the sum wrapped: no later time is that large
      throw FormatError{"events[" + std::to_string(i) + "]: time_ns overflows 64 bits (previous event at " +
                        std::to_string(previous_time) + " ns, delta " + std::to_string(delta) + ")"};
    e.kind = *kind.at++;  // the kind column holds exactly `count` bytes (checked before)
    if (e.kind >= kEventKindCount)
      throw FormatError{"events[" + std::to_string(i) + "]: unknown event kind " + std::to_string(e.kind) + " (version " +
                        std::to_string(kBinaryFormatVersion) + " knows " + std::to_string(kEventKindCount) +
                        " kinds, numbered as in docs/trace-format.md)"};
    e.thread = next_u32(thread, i, "thread", next(thread, i));
    const std::uint64_t task_id = previous_task + unzigzag(next(task, i));
    e.task = next_u32(task, i, "task", task_id);
    std::uint64_t* previous = previous_payload[e.kind];
    e.a = previous[0] + unzigzag(next(a, i));
    e.b = previous[1] + unzigzag(next(b, i));
    e.c = previous[2] + unzigzag(next(c, i));
    e.location = next_u32(location, i, "location", next(location, i));
    check_widths(e, i);
    decode_event(trace, e);
    previous_time = e.time_ns;
    previous_task = e.task;
    previous[0] = e.a;
    previous[1] = e.b;
    previous[2] = e.c;
    if (progress != nullptr && (i & 0xffff) == 0) progress->advance(i);
  }
  for (const Column& column : columns)
    if (column.at != column.end)
      throw FormatError{std::string(section_name(column.id)) + ": " + std::to_string(column.end - column.at) +
                        " bytes left over after the last of the " + std::to_string(count) + " events"};
}

Trace decode_file(std::string_view file, LoadProgress* progress) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(file.data());
  const std::uint64_t size = file.size();
  if (size < kBinaryHeaderBytes)
    throw FormatError{"the file is " + std::to_string(size) + " bytes, shorter than the " +
                      std::to_string(kBinaryHeaderBytes) + "-byte header of a binary trace (cut short?)"};
  if (file.substr(0, kBinaryMagic.size()) != kBinaryMagic)
    throw FormatError{"not a binary Wakeline trace: its first 8 bytes are " + printable(file.substr(0, 8)) +
                      ", expected \\x89WKL\\r\\n\\x1a\\n (a copy in text mode changes the \\r\\n)"};
  const std::uint32_t version = get_u32(bytes + 8);
  if (version != kBinaryFormatVersion)
    throw FormatError{"unsupported version " + std::to_string(version) + " of the binary trace format; this build reads version " +
                      std::to_string(kBinaryFormatVersion) + " only"};
  const std::uint32_t section_count = get_u32(bytes + 12);
  const std::uint64_t declared_size = get_u64(bytes + 16);
  const std::uint64_t event_count = get_u64(bytes + 24);
  const std::uint64_t checksum = get_u64(bytes + 32);
  if (declared_size > size)
    throw FormatError{"the file is cut short: its header says " + std::to_string(declared_size) + " bytes, it has " +
                      std::to_string(size)};
  if (declared_size < size)
    throw FormatError{"the file has " + std::to_string(size - declared_size) + " bytes more than the " +
                      std::to_string(declared_size) + " its header says"};
  if (get_u64(bytes + 40) != 0) throw FormatError{"header: the reserved field at offset 40 is not 0"};
  if (binary_checksum(file.substr(kBinaryHeaderBytes)) != checksum)
    throw FormatError{"the checksum does not match: the file is damaged (a byte after the header was changed)"};
  if (section_count > (size - kBinaryHeaderBytes) / kSectionEntryBytes)
    throw FormatError{"header: " + std::to_string(section_count) + " sections do not fit in the file's " +
                      std::to_string(size) + " bytes"};
  const std::uint64_t data_start = kBinaryHeaderBytes + std::uint64_t{section_count} * kSectionEntryBytes;

  std::string_view sections[256];  // by id; only ids below 256 are known
  bool present[256] = {};
  for (std::uint32_t s = 0; s < section_count; ++s) {
    const std::uint8_t* entry = bytes + kBinaryHeaderBytes + std::size_t{s} * kSectionEntryBytes;
    const std::uint32_t id = get_u32(entry);
    const std::uint64_t offset = get_u64(entry + 8);
    const std::uint64_t length = get_u64(entry + 16);
    const std::string where = "section table entry " + std::to_string(s) + " (" + section_name(id) + ")";
    if (offset < data_start || offset > size || length > size - offset)
      throw FormatError{where + ": offset " + std::to_string(offset) + " and size " + std::to_string(length) +
                        " lie outside the file's data (bytes " + std::to_string(data_start) + " to " + std::to_string(size) + ")"};
    if (id >= 256) continue;  // a later version's section
    if (present[id]) throw FormatError{where + ": the section appears twice"};
    present[id] = true;
    sections[id] = file.substr(offset, length);
  }
  for (const std::uint32_t id : kRequiredSections)
    if (!present[id]) throw FormatError{std::string("the ") + section_name(id) + " section is missing"};

  // Every event takes one byte of the kind column and at least one of each other column: the
  // count is checked against them before the events are allocated.
  if (sections[kKindColumn].size() != event_count)
    throw FormatError{"header: " + std::to_string(event_count) + " events, but the kind column holds " +
                      std::to_string(sections[kKindColumn].size()) + " (one byte per event)"};
  Column columns[8];
  const SectionId column_ids[8] = {kTimeColumn, kKindColumn, kThreadColumn, kTaskColumn, kAColumn, kBColumn, kCColumn, kLocationColumn};
  for (int i = 0; i < 8; ++i) {
    const std::string_view column = sections[column_ids[i]];
    if (column.size() < event_count)
      throw FormatError{std::string(section_name(column_ids[i])) + ": " + std::to_string(column.size()) +
                        " bytes cannot hold the header's " + std::to_string(event_count) + " events (at least one byte each)"};
    const auto* start = reinterpret_cast<const std::uint8_t*>(column.data());
    columns[i] = Column{start, start + column.size(), column_ids[i]};
  }

  MemoryBudget budget{(kBinaryMemoryFactor - 1) * size + (16ull << 20), size};
  Trace trace;
  trace.run = decode_run(sections[kRunSection], budget);
  decode_tables(trace, sections[kThreadsSection], sections[kStringsSection], sections[kLocationsSection], budget);
  if (present[kMessagesSection]) decode_messages(trace, sections[kMessagesSection], budget);
  budget.charge(event_count * sizeof(Event), "events", event_count);
  if (progress != nullptr) progress->start(LoadProgress::Stage::Decoding, event_count);
  trace.events.reserve(event_count);
  detail::advise_huge(trace.events.data(), event_count * sizeof(Event));
  {
    // Declared after `trace`: stopped and joined before the events' memory could be freed.
    detail::FaultInAhead ahead(trace.events.data(), event_count * sizeof(Event));
    decode_events(trace, event_count, columns, progress);
  }
  if (progress != nullptr) progress->advance(event_count);
  return trace;
}

}  // namespace

bool looks_like_binary_trace(std::string_view bytes) { return bytes.substr(0, 4) == kBinaryMagic.substr(0, 4); }

std::uint64_t binary_checksum(std::string_view bytes) {
  // FNV-1a over 64-bit words: each step is a bijection of the running value, so any one changed
  // word (and so any single bit flip) always changes the result.
  constexpr std::uint64_t kPrime = 0x100000001b3ull;
  std::uint64_t hash = 0xcbf29ce484222325ull;
  const char* at = bytes.data();
  std::size_t left = bytes.size();
  for (; left >= 8; left -= 8, at += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, 8);  // little-endian host (x86-64, arm64): the word's bytes in file order
    hash = (hash ^ word) * kPrime;
  }
  if (left > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, left);
    hash = (hash ^ word) * kPrime;
  }
  return (hash ^ bytes.size()) * kPrime;
}

std::string write_binary(const Trace& trace) { return encode_file(trace); }

void write_binary(const Trace& trace, std::ostream& out) {
  const std::string file = encode_file(trace);
  out.write(file.data(), static_cast<std::streamsize>(file.size()));
}

LoadResult read_binary(std::string_view bytes, LoadProgress* progress) {
  try {
    return LoadResult{decode_file(bytes, progress), {}};
  } catch (const FormatError& problem) {
    return LoadResult{std::nullopt, problem.message};
  } catch (const std::bad_alloc&) {
    return LoadResult{std::nullopt, "out of memory while reading the trace"};
  } catch (const std::exception& unexpected) {
    return LoadResult{std::nullopt, std::string("could not read the trace: ") + unexpected.what()};
  }
}

}  // namespace wakeline
