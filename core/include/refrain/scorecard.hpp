// refrain/scorecard.hpp — how standardised each source's letters are, and how templates spread.
//
// Consumes the letters (source, date, and their boilerplate map from
// boilerplate.hpp) and which families each letter uses (with the variant);
// produces four tables, each sorted explicitly so the same input gives the same
// rows (the writers are in refrain/viz/scorecards.hpp, the columns in
// docs/scorecards.md):
//   by source and year  letters; national, house and bespoke bytes and shares;
//                       distinct families used
//   source similarity   for every pair of sources, the Jaccard of the sets of
//                       families their letters use
//   family timeline     first appearance (earliest dated letter) and the number
//                       of sources using the family in each year
//   variants by source  for families with several variants: the variant each
//                       source used in its most recent letter, and whether a
//                       newer variant exists ("still uses an older variant")
//
// A date is "YYYY-MM-DD" (a prefix such as "YYYY-MM" or "YYYY" also works); its
// year is its first four digits. A date that does not start with four digits
// followed by '-' or its end is treated as missing: the letter is undated, its
// year "unknown". Dates compare as strings, which orders ISO dates correctly.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <refrain/boilerplate.hpp>

namespace refrain {

struct scorecard_letter {
  std::string source;
  std::optional<std::string> date;
};

struct family_use {
  std::uint32_t family = 0;
  std::uint32_t document = 0;  // index into the letters
  std::uint32_t variant = 0;   // index into the family's variants
};

struct source_year {
  std::string source;
  std::string year;  // "2021", "unknown" (undated letters) or "all" (every letter of the source)
  std::uint32_t letters = 0;
  std::uint64_t national_bytes = 0;  // bytes that are not white space (boilerplate.hpp)
  std::uint64_t house_bytes = 0;
  std::uint64_t bespoke_bytes = 0;
  // Each label's bytes over the three summed: the share of the text, so a long
  // letter weighs more than a short one. 0 when the letters hold no text.
  double national_share = 0;
  double house_share = 0;
  double bespoke_share = 0;
  std::uint32_t families = 0;  // distinct families with a member in these letters
};

struct source_similarity {
  std::string source_a;
  std::string source_b;
  std::uint32_t shared_families = 0;  // families used by both
  double jaccard = 0;                 // shared / families used by either; 0 when neither uses any
};

struct family_year {
  std::string year;  // "2021" or "unknown"
  std::uint32_t sources = 0;  // distinct sources with a letter of that year using the family
};

struct family_timeline {
  std::uint32_t family = 0;
  // The earliest dated letter using the family (ties: lowest document);
  // all empty when none of its letters is dated.
  std::optional<std::string> first_date;
  std::optional<std::string> first_source;
  std::optional<std::uint32_t> first_document;
  std::vector<family_year> years;  // ascending, "unknown" last
};

struct family_variant_use {
  std::uint32_t family = 0;
  std::string source;
  // The source's most recent letter using the family: the latest date, undated
  // letters counting as older than any dated one, ties to the highest document.
  std::uint32_t last_document = 0;
  std::optional<std::string> last_date;
  // The variant that letter uses (of several, the newest).
  std::uint32_t variant = 0;
  // The family's newest variant: the one whose earliest dated letter is latest
  // (ties: lowest index); empty when no letter of the family is dated.
  std::optional<std::uint32_t> newest_variant;
  std::optional<std::string> newest_first_date;
  // `variant` first appeared strictly before the newest variant did: the source
  // still uses an older wording. False when `variant` has no dated letter.
  bool older_variant = false;
};

struct scorecards {
  std::vector<source_year> by_source_year;     // by source, then year ascending, "unknown", "all"
  std::vector<source_similarity> similarity;   // every ordered pair, diagonal included, by source_a then source_b
  std::vector<family_timeline> families;       // by family id; only families with a use
  std::vector<family_variant_use> variants_by_source;  // families with 2+ variants in use; by family, then source
};

// The year of a date as described above, or "unknown".
std::string year_of(const std::optional<std::string>& date);

// All four tables. `boilerplate[i]` is letter i's map. A letter may use a family
// through several members; it counts once. Sources are compared and sorted as
// byte strings.
// Throws error(errc::invalid_argument) when `boilerplate` and `letters` differ in
// size or a use names a letter that does not exist.
// Cost: O(letters + sources * years + uses log uses + sources^2 * families). Thread-safe.
scorecards build_scorecards(std::span<const scorecard_letter> letters,
                            std::span<const document_boilerplate> boilerplate,
                            std::span<const family_use> uses);

}  // namespace refrain
