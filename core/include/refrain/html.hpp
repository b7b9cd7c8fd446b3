// refrain/html.hpp — text out of an HTML page, with a way back to the page's bytes.
//
// Consumes the bytes of an .html/.htm file; produces the visible text (tags
// removed, script/style/head content dropped, character entities decoded, block
// elements turned into line breaks) and, for every byte of that text, the span of
// page bytes it came from, so that offsets found in the text map back exactly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace refrain {

struct stripped_html {
  std::string text;
  // text[i] came from page bytes [source_begin[i], source_end[i]).
  std::vector<std::uint32_t> source_begin;
  std::vector<std::uint32_t> source_end;
};

// Never throws on malformed markup (unclosed tags, bogus entities are kept as
// text). Linear in the page size. Precondition: page.size() < 4 GiB.
stripped_html strip_html(std::string_view page);

}  // namespace refrain
