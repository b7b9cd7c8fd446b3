// Internal to refrain_core: finding the end of plain ASCII text, eight bytes at a
// time, for the checks that most letters pass as plain ASCII (ingest's UTF-8
// check in corpus.cpp, normalisation's fast path in normalize.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace refrain::detail {

// The first byte at or after `from` that is not ASCII, or s.size().
inline std::size_t ascii_end(std::string_view s, std::size_t from = 0) noexcept {
  std::size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t block;
    std::memcpy(&block, s.data() + i, 8);
    if (block & 0x8080808080808080u) break;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

}  // namespace refrain::detail
