// refrain/boilerplate.hpp — which text of each letter is template and which is new.
//
// Consumes the documents' texts, the byte spans of family members in them (paragraph
// members, sentence members, or whatever the caller passes) and how many sources
// each family spans; produces, per document, its text labelled as
//   national  covered by a member of a family that spans at least
//             `national_sources` sources: a template shared across authorities;
//   house     covered only by families spanning fewer sources: the authority's own
//             boilerplate (or a template that has not spread yet);
//   bespoke   covered by no family: what is actually new in this letter;
// and the share of each. Only bytes that are not white space are labelled and
// counted, so layout (blank lines, indentation, CRLF) never shifts a share.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace refrain {

struct family_span {
  std::uint32_t family = 0;
  std::uint32_t document = 0;  // index into the document texts
  std::uint32_t start = 0;     // [start, end) bytes of that text
  std::uint32_t end = 0;
};

struct family_spread {
  std::uint32_t family = 0;
  std::uint32_t sources = 0;  // distinct sources among the family's letters
};

enum class text_label : std::uint8_t { national, house, bespoke };

// "national", "house", "bespoke".
std::string_view to_string(text_label label) noexcept;

struct labelled_span {
  std::uint32_t start = 0;  // bytes; starts and ends on a byte that is not white space
  std::uint32_t end = 0;
  text_label label = text_label::bespoke;
  std::int32_t family = -1;  // the family whose member covers it; -1 for bespoke
};

struct document_boilerplate {
  // Sorted, disjoint; together they hold every byte that is not white space.
  // White space between two runs of the same label and family lies inside one
  // span; other white space lies in none.
  std::vector<labelled_span> spans;
  std::uint64_t national_bytes = 0;  // bytes that are not white space, per label
  std::uint64_t house_bytes = 0;
  std::uint64_t bespoke_bytes = 0;

  std::uint64_t bytes(text_label label) const noexcept;
  // bytes(label) over all labelled bytes; 0 for a document with no such bytes.
  double share(text_label label) const noexcept;
};

// One result per document text, in order. Where members of several families
// overlap (a sentence member inside a paragraph member), the byte goes to a
// national family over a house one, then to the family with more sources, then
// to the lower family id. White space is ASCII white space, no-break space,
// BOM, figure space and narrow no-break space (as segment.hpp).
// Throws error(errc::invalid_argument) when a span names a document that does
// not exist, reaches past its text, has start > end, or names a family missing
// from `spreads`, when `spreads` lists a family twice, and when a text is 4 GiB
// or more (offsets are 32-bit).
// Letters are labelled in ranges of a few hundred on every core; `after_each_range`
// (if set) runs once a range [first, last) is labelled, on the thread that
// labelled it, e.g. to hand the range's pages of a spilled corpus back. It may
// run on several threads at once; the ranges are disjoint and cover every letter.
// Cost: O(total text + spans log spans), one read of each letter; memory grows
// with a letter's spans, not its bytes. Thread-safe.
std::vector<document_boilerplate> label_documents(std::span<const std::string_view> document_texts,
                                                  std::span<const family_span> spans,
                                                  std::span<const family_spread> spreads,
                                                  std::uint32_t national_sources = 3,
                                                  const std::function<void(std::size_t first, std::size_t last)>& after_each_range = {});

}  // namespace refrain
