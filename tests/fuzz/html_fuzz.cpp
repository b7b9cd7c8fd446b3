// Fuzz target: HTML stripping. Every byte of the visible text must map back to
// an in-range span of the page, in page order.
#include "fuzz_check.hpp"

#include <refrain/html.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  const auto s = refrain::strip_html(page);
  FUZZ_CHECK(s.source_begin.size() == s.text.size());
  FUZZ_CHECK(s.source_end.size() == s.text.size());
  std::uint32_t floor = 0;
  for (std::size_t i = 0; i < s.text.size(); ++i) {
    const auto begin = s.source_begin[i], end = s.source_end[i];
    FUZZ_CHECK(begin <= end && end <= page.size());
    FUZZ_CHECK(begin >= floor);  // text comes out in page order
    floor = begin;
    const auto from = page.substr(begin, end - begin);
    if (from.empty()) {
      FUZZ_CHECK(s.text[i] == '\n');  // a line break put in for a block element
    } else if (from.size() == 1) {
      FUZZ_CHECK(s.text[i] == from[0]);  // a byte copied as it was
    } else {
      FUZZ_CHECK(from.front() == '&' && from.back() == ';');  // a decoded entity
    }
  }
  // Markup is cut at ASCII bytes and entities decode to whole code points, so a
  // valid page gives valid text (ingestion checks the page, not the text).
  if (refrain::fuzz::valid_utf8(page)) FUZZ_CHECK(refrain::fuzz::valid_utf8(s.text));
  if (page.find_first_of("<&") == std::string_view::npos) FUZZ_CHECK(s.text == page);
  return 0;
}
