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

#include <string>
#include <string_view>

namespace refrain {

inline constexpr int normalization_version = 1;

// Precondition: `text` is valid UTF-8 (ingest guarantees it); invalid bytes are
// treated as separators. Never throws except std::bad_alloc. Thread-safe.
std::string normalize(std::string_view text);
// normalize() into `out` (replacing what it held), so that a loop over many
// units reuses one buffer.
void normalize_into(std::string_view text, std::string& out);

// Number of words in a normalized string.
std::size_t count_words(std::string_view normalized) noexcept;

}  // namespace refrain
