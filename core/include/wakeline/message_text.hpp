// What a channel records of the value it carries: a short text, as the lesson would print it, so
// the State page and the narration say "4" where the trace alone knows only "message #3".
// Numbers, bool, chars and strings describe themselves; a type of the lesson's own describes
// itself with an ADL function next to it:
//
//   struct Request { int id; oneshot::Sender<int> reply; };
//   std::string describe_message(const Request& r) { return "request " + std::to_string(r.id); }
//
// A type with neither records nothing (and costs nothing); so does a describe_message that
// returns "" (a value it cannot put in words). The texts live beside the events, in
// Trace::messages, cut to kMaxMessageTextBytes.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "wakeline/detail/context.hpp"
#include "wakeline/trace.hpp"

namespace wakeline {

// The text recorded for message `seq` of channel `channel`, if the trace holds one.
std::optional<std::string_view> message_text(const Trace& trace, std::uint64_t channel, std::uint64_t seq);

// `text` cut to at most `max_bytes` on a UTF-8 character boundary, ending in "…" when cut.
std::string cut_message_text(std::string_view text, std::size_t max_bytes = kMaxMessageTextBytes);

namespace detail {

template <typename T>
concept SelfDescribing = requires(const T& value) {
  { describe_message(value) } -> std::convertible_to<std::string>;
};
template <typename T>
concept StringLike = std::is_convertible_v<const T&, std::string_view>;

template <typename T>
inline constexpr bool kDescribable = SelfDescribing<T> || std::is_arithmetic_v<T> || StringLike<T>;

// Stores the text for the message just sent (after its channel_send event: a live snapshot never
// sees a text without its send). Cuts it to kMaxMessageTextBytes.
void record_message_text(Context& ctx, std::uint64_t channel, std::uint64_t seq, std::string_view text) noexcept;

// Records `value`'s text for message `seq`; nothing for a type that cannot be described, or when
// the run does not record. Numbers are written as the lesson's print() writes them.
template <typename T>
void note_message(Context& ctx, std::uint64_t channel, std::uint64_t seq, const T& value) noexcept {
  if constexpr (kDescribable<T>) {
    if (!ctx.recording) return;
    if constexpr (SelfDescribing<T>) {
      try {
        const std::string text = describe_message(value);
        if (!text.empty()) record_message_text(ctx, channel, seq, text);
      } catch (...) {  // a describe that throws (out of memory) records nothing; the send goes on
      }
    } else if constexpr (std::is_same_v<T, bool>) {
      record_message_text(ctx, channel, seq, value ? "true" : "false");
    } else if constexpr (std::is_same_v<T, char>) {
      record_message_text(ctx, channel, seq, std::string_view(&value, 1));
    } else if constexpr (std::is_integral_v<T>) {
      // Widened first: to_chars has no overloads for wchar_t, char8_t, char16_t or char32_t.
      using Wide = std::conditional_t<std::is_signed_v<T>, long long, unsigned long long>;
      char text[24];
      const auto end = std::to_chars(text, text + sizeof text, static_cast<Wide>(value)).ptr;
      record_message_text(ctx, channel, seq, std::string_view(text, static_cast<std::size_t>(end - text)));
    } else if constexpr (std::is_floating_point_v<T>) {
      char text[40];  // "%g" is what an ostream (print) writes by default; it fits in 40 bytes
      const int n = std::snprintf(text, sizeof text, "%g", static_cast<double>(value));
      if (n > 0) record_message_text(ctx, channel, seq, std::string_view(text, static_cast<std::size_t>(n)));
    } else {
      if constexpr (std::is_pointer_v<T>) {
        if (value == nullptr) return;
      }
      record_message_text(ctx, channel, seq, std::string_view(value));
    }
  }
}

}  // namespace detail
}  // namespace wakeline
