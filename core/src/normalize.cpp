#include <refrain/normalize.hpp>

#include "ascii.hpp"

#include <immintrin.h>
#include <utf8proc.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace refrain {
namespace {

constexpr bool is_apostrophe(std::int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

constexpr bool is_ascii_word_char(std::int32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
}

bool is_word_char(std::int32_t cp) {
  if (cp < 128) return is_ascii_word_char(cp);
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// Splits already folded text into words. `next(i, cp)` decodes the code point at
// i and returns its length. ASCII text takes ascii_words() below instead, which
// applies the same rules through a byte table; a test holds the two to agreement.
template <class Decode>
void words(std::string_view folded, Decode next, std::string& out) {
  out.clear();
  out.reserve(folded.size());
  bool in_word = false;
  std::size_t i = 0;
  while (i < folded.size()) {
    std::int32_t cp = 0;
    const std::size_t n = next(i, cp);
    if (is_word_char(cp)) {
      if (!in_word && !out.empty()) out.push_back(' ');
      if (cp < 128) {
        out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
      } else {
        out.append(folded.substr(i, n));
      }
      in_word = true;
    } else if (in_word && is_apostrophe(cp) && i + n < folded.size()) {
      std::int32_t after = 0;
      next(i + n, after);
      in_word = is_word_char(after);  // "force's" stays one word; a closing quote ends it
    } else {
      in_word = false;
    }
    i += n;
  }
}

bool is_ascii(std::string_view s) { return detail::ascii_end(s) == s.size(); }

// words() for ASCII text through a byte table: the same rules (is_word_char,
// is_apostrophe, lower-casing), without a call per character. Most units of a
// corpus are plain ASCII, and this is most of what shingling costs.
enum ascii_class : std::uint8_t { separator, word_char, apostrophe };
constexpr auto ascii_classes = [] {
  std::array<ascii_class, 128> classes{};
  for (int c = 0; c < 128; ++c)
    classes[static_cast<std::size_t>(c)] = is_ascii_word_char(c) ? word_char : is_apostrophe(c) ? apostrophe : separator;
  return classes;
}();

// With `Sources`, also where each word lies in `text` (sources[w] for word w).
template <bool Sources>
void ascii_words(std::string_view text, std::string& out, std::vector<word_source>* sources) {
  // Never longer than the text: each space written stands for at least one
  // separator (or word-ending apostrophe) read.
  out.resize(text.size());
  if constexpr (Sources) sources->clear();
  char* const begin = out.data();
  char* o = begin;
  bool in_word = false;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto kind = ascii_classes[c];
    if (kind == word_char) {
      if (!in_word && o != begin) *o++ = ' ';
      if constexpr (Sources) {
        if (!in_word) sources->push_back({static_cast<std::uint32_t>(i), 0});
        sources->back().end = static_cast<std::uint32_t>(i + 1);
      }
      *o++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      in_word = true;
    } else if (kind == apostrophe && in_word && i + 1 < n) {
      in_word = ascii_classes[static_cast<unsigned char>(text[i + 1])] == word_char;
    } else {
      in_word = false;
    }
  }
  out.resize(static_cast<std::size_t>(o - begin));
}

// ascii_words() for longer texts, with AVX2: which bytes are word characters
// and which apostrophes, as bit masks 32 bytes at a time, then each word found
// from where its run of bits starts and ends and copied lower-cased whole. The
// byte loop above takes a branch the processor cannot foresee at every word's
// two ends; this takes one per word. The same rules: an apostrophe joins a word
// only between two word characters.
struct ascii_masks {
  std::vector<std::uint64_t> word;  // bit j of [w]: byte 64 w + j is a word character
  std::vector<std::uint64_t> run;   // the same for apostrophes, then for the words' runs
};

// Lanes of x (ASCII) from low to high: all ones there, else zero.
__attribute__((target("avx2"))) __m256i in_range(__m256i x, char low, char high) noexcept {
  return _mm256_and_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8(static_cast<char>(low - 1))),
                          _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(high + 1)), x));
}

__attribute__((target("avx2"))) std::uint32_t word_bits(__m256i c) noexcept {
  const __m256i letter = in_range(_mm256_or_si256(c, _mm256_set1_epi8(0x20)), 'a', 'z');
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(letter, in_range(c, '0', '9'))));
}

__attribute__((target("avx2"))) void ascii_masks_of(std::string_view text, ascii_masks& m) {
  const std::size_t n = text.size(), blocks = (n + 63) / 64;
  m.word.assign(blocks, 0);
  m.run.assign(blocks, 0);
  for (std::size_t at = 0; at < n; at += 32) {
    __m256i c;
    if (at + 32 <= n) {
      c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + at));
    } else {  // the last bytes, with zeros (separators) after them
      alignas(32) char tail[32] = {};
      std::memcpy(tail, text.data() + at, n - at);
      c = _mm256_load_si256(reinterpret_cast<const __m256i*>(tail));
    }
    const auto apostrophe = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('\''))));
    const unsigned shift = at % 64;
    m.word[at / 64] |= std::uint64_t{word_bits(c)} << shift;
    m.run[at / 64] |= std::uint64_t{apostrophe} << shift;
  }
}

// Copies text[s, e), a word, lower-cased and without its apostrophes, to `o`;
// returns the end of what it wrote. May write up to 32 bytes past that end.
__attribute__((target("avx2"))) char* copy_word(std::string_view text, std::size_t s, std::size_t e, char* o) noexcept {
  if (e - s <= 32 && s + 32 <= text.size()) {
    const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text.data() + s));
    const auto length_bits = e - s == 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << (e - s)) - 1;
    const auto apostrophes = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_set1_epi8('\''))));
    if ((apostrophes & length_bits) == 0) {
      const __m256i upper = in_range(c, 'A', 'Z');
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(o), _mm256_add_epi8(c, _mm256_and_si256(upper, _mm256_set1_epi8(32))));
      return o + (e - s);
    }
  }
  for (std::size_t i = s; i < e; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\'') continue;
    *o++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return o;
}

template <bool Sources>
__attribute__((target("avx2"))) void ascii_words_by_masks(std::string_view text, std::string& out,
                                                          std::vector<word_source>* sources) {
  thread_local ascii_masks m;
  ascii_masks_of(text, m);
  const std::size_t blocks = m.word.size();
  // A word's run: its word characters and the apostrophes between two of them.
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::uint64_t w = m.word[b];
    const std::uint64_t before = (w << 1) | (b > 0 ? m.word[b - 1] >> 63 : 0);
    const std::uint64_t after = (w >> 1) | (b + 1 < blocks ? m.word[b + 1] << 63 : 0);
    m.run[b] = w | (m.run[b] & before & after);  // the apostrophes joining two word characters
  }
  const auto& run = m.run;
  if constexpr (Sources) sources->clear();
  out.resize(text.size() + 32);
  char* const begin = out.data();
  char* o = begin;
  std::size_t start = 0;
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::uint64_t r = run[b];
    std::uint64_t starts = r & ~((r << 1) | (b > 0 ? run[b - 1] >> 63 : 0));
    std::uint64_t ends = r & ~((r >> 1) | (b + 1 < blocks ? run[b + 1] << 63 : 0));  // each run's last byte
    while ((starts | ends) != 0) {
      const auto next_start = starts != 0 ? std::countr_zero(starts) : 64;
      const auto next_end = ends != 0 ? std::countr_zero(ends) : 64;
      if (next_start <= next_end) {  // a one-byte run starts before it ends
        start = 64 * b + static_cast<std::size_t>(next_start);
        starts &= starts - 1;
        continue;
      }
      const std::size_t end = 64 * b + static_cast<std::size_t>(next_end) + 1;
      ends &= ends - 1;
      if (o != begin) *o++ = ' ';
      if constexpr (Sources) sources->push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)});
      o = copy_word(text, start, end, o);
    }
  }
  out.resize(static_cast<std::size_t>(o - begin));
}

// The words of ASCII text: by masks where the processor has AVX2 and the text
// is long enough to pay for them, else byte by byte.
template <bool Sources>
void ascii_text_words(std::string_view text, std::string& out, std::vector<word_source>* sources) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2 && text.size() >= 64) ascii_words_by_masks<Sources>(text, out, sources);
  else ascii_words<Sources>(text, out, sources);
}

}  // namespace

std::string normalize(std::string_view text) {
  std::string out;
  normalize_into(text, out);
  return out;
}

void normalize_into(std::string_view text, std::string& out) {
  if (is_ascii(text)) {
    ascii_text_words<false>(text, out, nullptr);
    return;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                                       UTF8PROC_CASEFOLD);
  const auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  if (len < 0) {
    // Invalid UTF-8 (ingest rejects it, so only direct callers see this): drop
    // every byte that does not decode and try again.
    std::string cleaned;
    std::size_t i = 0;
    while (i < text.size()) {
      utf8proc_int32_t cp = 0;
      const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                      static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
      if (n <= 0) {
        cleaned.push_back(' ');
        ++i;
      } else {
        cleaned.append(text.substr(i, static_cast<std::size_t>(n)));
        i += static_cast<std::size_t>(n);
      }
    }
    normalize_into(cleaned, out);
    return;
  }
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  const std::string_view folded(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(len));
  words(
      folded,
      [&](std::size_t i, std::int32_t& cp) {
        utf8proc_int32_t c = 0;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(folded.data() + i),
                                        static_cast<utf8proc_ssize_t>(folded.size() - i), &c);
        cp = c;
        return n > 0 ? static_cast<std::size_t>(n) : std::size_t{1};
      },
      out);
}

bool normalize_ascii_into(std::string_view text, std::string& out, std::vector<word_source>& sources) {
  if (!is_ascii(text)) return false;
  ascii_text_words<true>(text, out, &sources);
  return true;
}

std::size_t count_words(std::string_view normalized) noexcept {
  if (normalized.empty()) return 0;
  std::size_t n = 1;
  for (char c : normalized)
    if (c == ' ') ++n;
  return n;
}

}  // namespace refrain
