// refrain/segment.hpp — a document's text cut into paragraphs and sentences.
//
// Consumes one document; produces its units in reading order (each paragraph
// followed by its sentences), each with [start, end) byte offsets into the
// ORIGINAL file bytes, so file[start, end) is exactly the unit's text.
//
// Letters disagree on layout, so paragraphs are found from several cues:
// blank lines; one paragraph per line in web copies; hard-wrapped lines joined
// back; bullets and numbered items as their own paragraphs; and a sentence cut
// by a page break (a block ending mid-sentence, perhaps a repeated letterhead,
// then a block starting in lower case) joined back into one unit, with the
// letterhead recorded as a gap that takes no part in matching. CRLF, a UTF-8
// byte order mark and markdown emphasis marks are tolerated.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <refrain/corpus.hpp>

namespace refrain {

enum class unit_kind : std::uint8_t { paragraph, sentence };
enum class unit_mode : std::uint8_t { paragraph, sentence, both };

std::string_view to_string(unit_kind kind) noexcept;
std::string_view to_string(unit_mode mode) noexcept;

struct text_span {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
};

struct unit {
  unit_kind kind = unit_kind::paragraph;
  std::uint32_t start = 0;  // original bytes
  std::uint32_t end = 0;
  text_span text;                // the same span in document::text coordinates
  std::vector<text_span> gaps;   // inside `text`, left out of matching (letterheads)
  std::int32_t parent = -1;      // for a sentence: index of its paragraph in the same vector
};

struct segment_params {
  unit_mode mode = unit_mode::both;
};

// Units of `doc` in reading order. Never throws; linear in the text size.
std::vector<unit> segment(const document& doc, const segment_params& params = {});

// The words a unit is matched on: its text with gaps left out (gaps become a space).
std::string unit_text(const document& doc, const unit& u);
// The same words without a copy when the unit has no gap (most have none);
// otherwise made in `scratch`, which the view then refers to.
std::string_view unit_text(const document& doc, const unit& u, std::string& scratch);

}  // namespace refrain
