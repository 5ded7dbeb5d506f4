// Private to trace_io: a byte buffer for the binary writer's columns and for a file being read.
// It grows by doubling and is written through a raw pointer (the writer appends ~80M varints for a
// 10M-event trace), is never zero-filled (every byte is written before it is read), and is advised
// as huge pages: on this VM most of a fresh 4 KiB page's cost is the page fault
// (runtime/huge_pages.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "runtime/huge_pages.hpp"

namespace wakeline::trace_io_detail {

struct ByteBuffer {
  std::unique_ptr<std::uint8_t[]> buffer;
  std::size_t capacity = 0;
  std::size_t size = 0;

  void reserve(std::size_t bytes) {
    if (bytes <= capacity) return;
    auto bigger = std::make_unique_for_overwrite<std::uint8_t[]>(bytes);
    wakeline::detail::advise_huge(bigger.get(), bytes);
    if (size > 0) std::memcpy(bigger.get(), buffer.get(), size);
    buffer = std::move(bigger);
    capacity = bytes;
  }
  void make_room(std::size_t more) {
    if (capacity - size < more) reserve(std::max(capacity * 2, size + more + 64));
  }
  void varint(std::uint64_t value) {
    make_room(10);
    std::uint8_t* out = buffer.get() + size;
    while (value >= 0x80) {
      *out++ = static_cast<std::uint8_t>(value | 0x80);
      value >>= 7;
    }
    *out++ = static_cast<std::uint8_t>(value);
    size = static_cast<std::size_t>(out - buffer.get());
  }
  void byte(std::uint8_t value) {
    make_room(1);
    buffer[size++] = value;
  }
  void string(std::string_view text) {
    varint(text.size());
    make_room(text.size());
    if (!text.empty()) std::memcpy(buffer.get() + size, text.data(), text.size());
    size += text.size();
  }
  char* end() { return reinterpret_cast<char*>(buffer.get()) + size; }
  std::string_view view() const { return {reinterpret_cast<const char*>(buffer.get()), size}; }
};

}  // namespace wakeline::trace_io_detail
