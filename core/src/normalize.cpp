#include <refrain/normalize.hpp>

#include "ascii.hpp"

#include <utf8proc.h>

#include <array>
#include <cstdint>
#include <cstdlib>
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

}  // namespace

std::string normalize(std::string_view text) {
  std::string out;
  normalize_into(text, out);
  return out;
}

void normalize_into(std::string_view text, std::string& out) {
  if (is_ascii(text)) {
    ascii_words<false>(text, out, nullptr);
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
  ascii_words<true>(text, out, &sources);
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
