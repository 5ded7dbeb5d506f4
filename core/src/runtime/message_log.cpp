// The lanes' message texts, gathered into Trace::messages (see message_log.hpp).
#include "runtime/message_log.hpp"

#include <algorithm>
#include <unordered_map>

#include "runtime/recorder.hpp"

namespace wakeline::detail {

MessageLog::~MessageLog() {
  for (Chunk* c = head; c;) {
    Chunk* next = c->next.load(std::memory_order_relaxed);
    delete c;
    c = next;
  }
}

std::vector<RecordedMessage> collect_messages(const std::vector<ThreadRecorder*>& lanes) {
  std::vector<RecordedMessage> out;
  for (const ThreadRecorder* rec : lanes) {
    const MessageLog& log = rec->messages;
    std::uint64_t left = log.published.load(std::memory_order_acquire);
    const MessageLog::Chunk* chunk = log.head;
    for (std::size_t i = 0; left > 0 && chunk; --left) {
      const MessageLog::Entry& e = chunk->entries[i];
      out.push_back(RecordedMessage{e.channel, e.seq, std::string(e.text, e.size)});
      if (++i == MessageLog::kChunk) {
        chunk = chunk->next.load(std::memory_order_acquire);
        i = 0;
      }
    }
  }
  return out;
}

void add_messages(Trace& trace, std::vector<RecordedMessage> messages) {
  if (messages.empty()) return;
  // Stable: of two texts for one message (which the channels never record), the earlier lane's stays.
  std::stable_sort(messages.begin(), messages.end(), [](const RecordedMessage& x, const RecordedMessage& y) {
    return x.channel != y.channel ? x.channel < y.channel : x.seq < y.seq;
  });
  std::unordered_map<std::string, StringId> ids;
  ids.reserve(trace.strings.size() + messages.size());
  for (StringId i = 0; i < trace.strings.size(); ++i) ids.emplace(trace.strings[i], i);
  trace.messages.reserve(trace.messages.size() + messages.size());
  for (RecordedMessage& m : messages) {
    if (!trace.messages.empty() && trace.messages.back().channel == m.channel && trace.messages.back().seq == m.seq) continue;
    auto [it, inserted] = ids.emplace(m.text, static_cast<StringId>(trace.strings.size()));
    if (inserted) trace.strings.push_back(std::move(m.text));
    trace.messages.push_back(MessageText{m.channel, m.seq, it->second});
  }
}

}  // namespace wakeline::detail
