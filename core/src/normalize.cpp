#include <refrain/normalize.hpp>

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace refrain {
namespace {

bool is_apostrophe(std::int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

bool is_word_char(std::int32_t cp) {
  if (cp < 128) return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
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
// i and returns its length; the same loop serves the ASCII and Unicode paths so
// they cannot drift apart.
template <class Decode>
std::string words(std::string_view folded, Decode next) {
  std::string out;
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
  return out;
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

std::string normalize(std::string_view text) {
  if (is_ascii(text)) {
    return words(text, [&](std::size_t i, std::int32_t& cp) {
      cp = static_cast<unsigned char>(text[i]);
      return std::size_t{1};
    });
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
    return normalize(cleaned);
  }
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  const std::string_view folded(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(len));
  return words(folded, [&](std::size_t i, std::int32_t& cp) {
    utf8proc_int32_t c = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(folded.data() + i),
                                    static_cast<utf8proc_ssize_t>(folded.size() - i), &c);
    cp = c;
    return n > 0 ? static_cast<std::size_t>(n) : std::size_t{1};
  });
}

std::size_t count_words(std::string_view normalized) noexcept {
  if (normalized.empty()) return 0;
  std::size_t n = 1;
  for (char c : normalized)
    if (c == ' ') ++n;
  return n;
}

}  // namespace refrain
