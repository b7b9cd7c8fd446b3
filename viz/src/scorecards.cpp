#include <refrain/viz/scorecards.hpp>

#include "csv_field.hpp"

#include <fmt/format.h>

#include <optional>
#include <string_view>

namespace refrain::viz {
namespace {

std::string field(std::string_view s) { return detail::csv_field(s); }

std::string optional_field(const std::optional<std::string>& s) { return s ? field(*s) : std::string(); }

std::string number(const std::optional<std::uint32_t>& n) { return n ? std::to_string(*n) : std::string(); }

}  // namespace

std::string to_scorecard_by_source_year_csv(const scorecards& cards) {
  std::string out =
      "source,year,letters,national_bytes,house_bytes,bespoke_bytes,national_share,house_share,bespoke_share,families\n";
  for (const auto& r : cards.by_source_year)
    out += fmt::format("{},{},{},{},{},{},{:.4f},{:.4f},{:.4f},{}\n", field(r.source), field(r.year), r.letters,
                       r.national_bytes, r.house_bytes, r.bespoke_bytes, r.national_share, r.house_share,
                       r.bespoke_share, r.families);
  return out;
}

std::string to_source_similarity_csv(const scorecards& cards) {
  std::string out = "source_a,source_b,shared_families,jaccard\n";
  for (const auto& r : cards.similarity)
    out += fmt::format("{},{},{},{:.4f}\n", field(r.source_a), field(r.source_b), r.shared_families, r.jaccard);
  return out;
}

std::string to_family_timeline_csv(const scorecards& cards) {
  std::string out = "family,first_date,first_source,first_document,year,sources\n";
  for (const auto& f : cards.families)
    for (const auto& y : f.years)
      out += fmt::format("{},{},{},{},{},{}\n", f.family, optional_field(f.first_date), optional_field(f.first_source),
                         number(f.first_document), field(y.year), y.sources);
  return out;
}

std::string to_family_variants_by_source_csv(const scorecards& cards) {
  std::string out =
      "family,source,variant,last_date,last_document,newest_variant,newest_first_date,older_variant\n";
  for (const auto& r : cards.variants_by_source)
    out += fmt::format("{},{},{},{},{},{},{},{}\n", r.family, field(r.source), r.variant, optional_field(r.last_date),
                       r.last_document, number(r.newest_variant), optional_field(r.newest_first_date),
                       r.older_variant ? "true" : "false");
  return out;
}

}  // namespace refrain::viz
