// Internal to refrain_core: the white space a letter's words are separated by,
// one rule for the redlines (consensus.cpp) and the labels (boilerplate.cpp).
#pragma once

#include <cstddef>
#include <string_view>

namespace refrain::detail {

// The white space segment.cpp tolerates: ASCII, no-break space, BOM, figure
// space and narrow no-break space. Returns the length of the space at `i`, 0 if none.
inline std::size_t space_length(std::string_view t, std::size_t i) noexcept {
  const auto c = static_cast<unsigned char>(t[i]);
  if (c > ' ' && c < 0x80) return 0;  // most bytes: printable ASCII
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) return 2;
  if (i + 2 < t.size()) {
    const auto c1 = static_cast<unsigned char>(t[i + 1]);
    const auto c2 = static_cast<unsigned char>(t[i + 2]);
    if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return 3;                  // U+FEFF
    if (c == 0xE2 && c1 == 0x80 && (c2 == 0x87 || c2 == 0xAF)) return 3;  // U+2007, U+202F
  }
  return 0;
}

}  // namespace refrain::detail
