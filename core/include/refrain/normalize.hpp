// refrain/normalize.hpp — the canonical word form used for hashing only.
//
// Consumes UTF-8 text; produces its words, lower-cased and compatibility
// composed, separated by single spaces. Offsets never refer to this form: it
// exists so that "Balancing Test", "balancing  test" and “balancing” test hash
// alike. Steps: Unicode NFKC + case fold (utf8proc); apostrophes inside a word
// are dropped ("force's" -> "forces", curly or straight); every other character
// that is not a letter, digit or combining mark separates words (so quotes,
// dashes, markdown marks and punctuation vanish); non-Latin letters are kept.
//
// Any change to these rules must bump normalization_version: it is stamped on
// every output so results made under different rules are not compared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace refrain {

inline constexpr int normalization_version = 1;

// Precondition: `text` is valid UTF-8 (ingest guarantees it); invalid bytes are
// treated as separators. Never throws except std::bad_alloc. Thread-safe.
std::string normalize(std::string_view text);
// normalize() into `out` (replacing what it held), so that a loop over many
// units reuses one buffer.
void normalize_into(std::string_view text, std::string& out);

// Where a word of normalized text came from: bytes [begin, end) of the text
// given, from its first letter or digit to its last (an apostrophe inside it
// included).
struct word_source {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};
// normalize_into() that also gives each word's place in `text` (sources[w] for
// the w-th word of `out`), for plain ASCII text, as most units are; false, with
// `out` and `sources` untouched, for any other text. A span of `text` that cuts
// no word in two normalizes alone to exactly the words whose places it holds,
// which is what lets a sentence take its words from its paragraph's.
bool normalize_ascii_into(std::string_view text, std::string& out, std::vector<word_source>& sources);
// Number of words in a normalized string.
std::size_t count_words(std::string_view normalized) noexcept;

}  // namespace refrain
