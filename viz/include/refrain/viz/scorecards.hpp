// refrain/viz/scorecards.hpp — the standardisation scorecards as CSV files.
//
// Each writer consumes the tables of refrain/scorecard.hpp and returns one whole
// CSV file as a string, in the tables' row order; none touches the file system.
// RFC 4180 quoting (a field holding a comma, quote or line break is quoted, its
// quotes doubled), a header row, and "\n" line ends like members.csv. Shares
// and Jaccard values have 4 decimals; a missing value is an empty field. Every
// column is described in docs/scorecards.md. Never throw but for allocation.
#pragma once

#include <string>

#include <refrain/scorecard.hpp>

namespace refrain::viz {

// scorecard_by_source_year.csv:
// source,year,letters,national_bytes,house_bytes,bespoke_bytes,national_share,house_share,bespoke_share,families
std::string to_scorecard_by_source_year_csv(const scorecards& cards);

// source_similarity.csv: source_a,source_b,shared_families,jaccard
std::string to_source_similarity_csv(const scorecards& cards);

// family_timeline.csv, one row per family and year:
// family,first_date,first_source,first_document,year,sources
std::string to_family_timeline_csv(const scorecards& cards);

// family_variants_by_source.csv:
// family,source,variant,last_date,last_document,newest_variant,newest_first_date,older_variant
std::string to_family_variants_by_source_csv(const scorecards& cards);

}  // namespace refrain::viz
