// Internal to refrain_core: the white space a letter's words are separated by,
// one rule for the redlines (consensus.cpp) and the labels (boilerplate.cpp).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

// Where the run of printable ASCII bytes (none of them white space) that
// starts at `i` ends, before `end`. Eight bytes at a time: a letter is mostly
// such runs, and asking space_length() of each byte cost more than the rest
// of labelling it.
inline std::size_t printable_run_end(std::string_view text, std::size_t i, std::size_t end) noexcept {
  static_assert(std::endian::native == std::endian::little, "the first flagged byte is the lowest bit's");
  constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
  for (; i + 8 <= end; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    // A byte below '!' or above 0x7F sets its high flag. Below '!' is found by
    // subtraction, whose borrows can flag only bytes after a true one.
    const auto flags = (((w - 0x21 * ones) & ~w) | w) & highs;
    if (flags != 0) return i + static_cast<std::size_t>(std::countr_zero(flags)) / 8;
  }
  while (i < end) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c <= ' ' || c >= 0x80) break;
    ++i;
  }
  return i;
}

// Of eight bytes of ASCII (none with its high bit set), those that are not
// white space: the high bit of each such byte, the first byte's lowest. Each
// sum stays inside its byte (every byte is below 0x80), so no carry crosses
// into the next: the labels count a letter's bytes eight at a time this way.
inline std::uint64_t ascii_non_space(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080, lows = 0x7F7F7F7F7F7F7F7F;
  const auto from_tab = (w + (0x80 - '\t') * ones) & highs;     // byte >= '\t'
  const auto past_cr = (w + (0x80 - '\r' - 1) * ones) & highs;  // byte > '\r'
  const auto t = w ^ (' ' * ones);
  const auto is_space = ~(((t & lows) + lows) | t) & highs;  // byte == ' '
  return ~((from_tab & ~past_cr) | is_space) & highs;
}

// Where the word (the bytes up to the next white space) that starts at `i` ends.
inline std::size_t word_end(std::string_view text, std::size_t i) noexcept {
  while (i < text.size()) {
    i = printable_run_end(text, i, text.size());
    if (i == text.size() || space_length(text, i) != 0) break;
    ++i;  // a byte of another kind that is not white space: part of the word
  }
  return i;
}

}  // namespace refrain::detail
