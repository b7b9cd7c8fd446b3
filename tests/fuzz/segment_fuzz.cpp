// Fuzz target: segmentation of a plain-text document (any bytes: segment()
// promises never to throw, even on text ingestion would refuse).
#include "fuzz_check.hpp"

#include <refrain/segment.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace refrain;

// The spans of the units of one kind, to compare the modes with each other.
std::vector<std::pair<std::uint32_t, std::uint32_t>> spans(const std::vector<unit>& units, unit_kind kind) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const auto& u : units)
    if (u.kind == kind) out.emplace_back(u.start, u.end);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  document doc;
  doc.bytes = std::string_view(reinterpret_cast<const char*>(data), size);
  const auto both = segment(doc, {unit_mode::both});
  const auto paragraphs = segment(doc, {unit_mode::paragraph});
  const auto sentences = segment(doc, {unit_mode::sentence});
  fuzz::check_units(doc, both, unit_mode::both);
  fuzz::check_units(doc, paragraphs, unit_mode::paragraph);
  fuzz::check_units(doc, sentences, unit_mode::sentence);
  // The mode chooses what is reported, never where the cuts fall.
  FUZZ_CHECK(spans(both, unit_kind::paragraph) == spans(paragraphs, unit_kind::paragraph));
  FUZZ_CHECK(spans(both, unit_kind::sentence) == spans(sentences, unit_kind::sentence));
  return 0;
}
