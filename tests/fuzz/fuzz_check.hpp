// Invariant checks shared by the libFuzzer targets.
//
// Fuzz builds are Release builds (NDEBUG), so assert() would vanish: a broken
// invariant must abort even there, so that libFuzzer saves the input.
#pragma once

#include <refrain/corpus.hpp>
#include <refrain/normalize.hpp>
#include <refrain/segment.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "invariant broken: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

namespace refrain::fuzz {

// Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), written independently of utf8proc so that ingestion's verdict can
// be checked against a second opinion.
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) len = 2, cp = b0 & 0x1Fu, min = 0x80;
    else if ((b0 & 0xF0) == 0xE0) len = 3, cp = b0 & 0x0Fu, min = 0x800;
    else if ((b0 & 0xF8) == 0xF0) len = 4, cp = b0 & 0x07u, min = 0x10000;
    else return false;
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

inline bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// The normalised form: single spaces between words, none at either end, and
// the only ASCII left is lower-case letters, digits and those spaces.
inline void check_normalized(std::string_view out) {
  FUZZ_CHECK(out.empty() || (out.front() != ' ' && out.back() != ' '));
  FUZZ_CHECK(out.find("  ") == std::string_view::npos);
  FUZZ_CHECK(valid_utf8(out));
  std::size_t spaces = 0;
  for (char c : out) {
    if (c == ' ') ++spaces;
    if (static_cast<unsigned char>(c) < 0x80) FUZZ_CHECK(c == ' ' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  }
  FUZZ_CHECK(count_words(out) == (out.empty() ? 0 : spaces + 1));
}

// What segment() promises about the units of `doc` cut in `mode`.
inline void check_units(const document& doc, const std::vector<unit>& units, unit_mode mode) {
  const std::string_view text = doc.text();
  std::int64_t last_paragraph = -1;
  std::uint32_t paragraph_floor = 0;  // paragraphs do not overlap and come in order
  std::uint32_t sentence_floor = 0;   // nor do the sentences
  for (std::size_t i = 0; i < units.size(); ++i) {
    const auto& u = units[i];
    FUZZ_CHECK(u.text.start < u.text.end && u.text.end <= text.size());
    FUZZ_CHECK(u.start < u.end && u.end <= doc.bytes.size());
    const auto [start, end] = doc.original_span(u.text.start, u.text.end);
    FUZZ_CHECK(start == u.start && end == u.end);
    if (doc.text_begin.empty()) FUZZ_CHECK(u.start == u.text.start && u.end == u.text.end);
    bool has_visible = false;
    for (std::uint32_t k = u.text.start; k < u.text.end && !has_visible; ++k) has_visible = !is_ascii_space(text[k]);
    FUZZ_CHECK(has_visible);
    std::uint32_t gap_floor = u.text.start;
    for (const auto& g : u.gaps) {
      FUZZ_CHECK(g.start < g.end && g.start >= gap_floor && g.end <= u.text.end);
      gap_floor = g.end;
    }
    if (u.kind == unit_kind::paragraph) {
      FUZZ_CHECK(mode != unit_mode::sentence);
      FUZZ_CHECK(u.parent == -1);
      FUZZ_CHECK(u.text.start >= paragraph_floor);
      paragraph_floor = u.text.end;
      last_paragraph = static_cast<std::int64_t>(i);
    } else {
      FUZZ_CHECK(mode != unit_mode::paragraph);
      FUZZ_CHECK(u.text.start >= sentence_floor);
      sentence_floor = u.text.end;
      if (mode == unit_mode::both) {
        // A sentence points at the paragraph just before it and lies inside it.
        FUZZ_CHECK(u.parent >= 0 && u.parent == last_paragraph);
        const auto& p = units[static_cast<std::size_t>(u.parent)];
        FUZZ_CHECK(p.kind == unit_kind::paragraph);
        FUZZ_CHECK(p.text.start <= u.text.start && u.text.end <= p.text.end);
        FUZZ_CHECK(p.start <= u.start && u.end <= p.end);
      } else {
        FUZZ_CHECK(u.parent == -1);
      }
    }
    const auto words = unit_text(doc, u);
    FUZZ_CHECK(words.size() <= u.text.end - u.text.start);
    check_normalized(normalize(words));
  }
}

}  // namespace refrain::fuzz
