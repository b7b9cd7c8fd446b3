#include <catch2/catch.hpp>

#include "support/scorecard_sample.hpp"

#include <refrain/error.hpp>
#include <refrain/scorecard.hpp>

using namespace refrain;

namespace {

const std::string herts = "Hertfordshire Constabulary, \"Herts\"";

}  // namespace

TEST_CASE("years come from ISO dates, anything else is unknown", "[scorecard]") {
  CHECK(year_of(std::string("2021-03-04")) == "2021");
  CHECK(year_of(std::string("2021-03")) == "2021");
  CHECK(year_of(std::string("2021")) == "2021");
  CHECK(year_of(std::nullopt) == "unknown");
  CHECK(year_of(std::string("21-03-2021")) == "unknown");
  CHECK(year_of(std::string("20210304")) == "unknown");
  CHECK(year_of(std::string("")) == "unknown");
}

TEST_CASE("per source and year: letters, bytes, shares and families", "[scorecard]") {
  const test::scorecard_sample in;
  const auto cards = build_scorecards(in.letters, in.boilerplate, in.uses);
  struct row {
    std::string source, year;
    std::uint32_t letters;
    std::uint64_t national, house, bespoke;
    double national_share, house_share, bespoke_share;
    std::uint32_t families;
  };
  const std::vector<row> expected{
      {"Essex Police", "2019", 1, 10, 0, 0, 1, 0, 0, 1},
      {"Essex Police", "unknown", 1, 0, 0, 0, 0, 0, 0, 0},
      {"Essex Police", "all", 2, 10, 0, 0, 1, 0, 0, 1},
      {herts, "2021", 1, 50, 50, 0, 0.5, 0.5, 0, 2},
      {herts, "unknown", 1, 0, 0, 10, 0, 0, 1, 2},
      {herts, "all", 2, 50, 50, 10, 50.0 / 110, 50.0 / 110, 10.0 / 110, 3},
      {"Kent Police", "2020", 1, 60, 20, 20, 0.6, 0.2, 0.2, 3},
      {"Kent Police", "2021", 1, 30, 0, 70, 0.3, 0, 0.7, 2},
      {"Kent Police", "all", 2, 90, 20, 90, 0.45, 0.1, 0.45, 3},
  };
  REQUIRE(cards.by_source_year.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& r = cards.by_source_year[i];
    const auto& e = expected[i];
    CAPTURE(i);
    CHECK(r.source == e.source);
    CHECK(r.year == e.year);
    CHECK(r.letters == e.letters);
    CHECK(r.national_bytes == e.national);
    CHECK(r.house_bytes == e.house);
    CHECK(r.bespoke_bytes == e.bespoke);
    CHECK(r.national_share == Approx(e.national_share));
    CHECK(r.house_share == Approx(e.house_share));
    CHECK(r.bespoke_share == Approx(e.bespoke_share));
    CHECK(r.families == e.families);
  }
}

TEST_CASE("source similarity is the Jaccard of the families each source uses", "[scorecard]") {
  const test::scorecard_sample in;
  const auto cards = build_scorecards(in.letters, in.boilerplate, in.uses);
  // Essex {0}, Herts {0, 1, 2}, Kent {0, 1, 3}.
  const std::vector<source_similarity> expected{
      {"Essex Police", "Essex Police", 1, 1.0},   {"Essex Police", herts, 1, 1.0 / 3},
      {"Essex Police", "Kent Police", 1, 1.0 / 3}, {herts, "Essex Police", 1, 1.0 / 3},
      {herts, herts, 3, 1.0},                      {herts, "Kent Police", 2, 0.5},
      {"Kent Police", "Essex Police", 1, 1.0 / 3}, {"Kent Police", herts, 2, 0.5},
      {"Kent Police", "Kent Police", 3, 1.0}};
  REQUIRE(cards.similarity.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(cards.similarity[i].source_a == expected[i].source_a);
    CHECK(cards.similarity[i].source_b == expected[i].source_b);
    CHECK(cards.similarity[i].shared_families == expected[i].shared_families);
    CHECK(cards.similarity[i].jaccard == Approx(expected[i].jaccard));
  }
}

TEST_CASE("families counted and shared whatever their ids, however large", "[scorecard]") {
  // Sparse ids, one near the top of the range: counted by what is used, not by the largest id.
  const std::vector<scorecard_letter> letters{{"A", std::string("2020-01-01")}, {"B", std::string("2020-02-02")}};
  const std::vector<document_boilerplate> maps(2);
  const std::vector<family_use> uses{{4000000000u, 0, 0}, {7, 0, 0}, {4000000000u, 1, 0}, {70, 1, 0}, {7, 0, 1}};
  const auto cards = build_scorecards(letters, maps, uses);
  for (const auto& row : cards.by_source_year) CHECK(row.families == 2);
  REQUIRE(cards.similarity.size() == 4);
  CHECK(cards.similarity[1].source_a == "A");
  CHECK(cards.similarity[1].source_b == "B");
  CHECK(cards.similarity[1].shared_families == 1);
  CHECK(cards.similarity[1].jaccard == Approx(1.0 / 3));
}

TEST_CASE("family timeline: first appearance and sources per year", "[scorecard]") {
  const test::scorecard_sample in;
  const auto cards = build_scorecards(in.letters, in.boilerplate, in.uses);
  REQUIRE(cards.families.size() == 4);
  const auto& f0 = cards.families[0];
  CHECK(f0.family == 0);
  CHECK(f0.first_date == "2019-12-31");
  CHECK(f0.first_source == "Essex Police");
  CHECK(f0.first_document == 4u);
  const std::vector<std::pair<std::string, std::uint32_t>> years0{{"2019", 1}, {"2020", 1}, {"2021", 2}, {"unknown", 1}};
  REQUIRE(f0.years.size() == years0.size());
  for (std::size_t i = 0; i < years0.size(); ++i) {
    CHECK(f0.years[i].year == years0[i].first);
    CHECK(f0.years[i].sources == years0[i].second);
  }
  CHECK(cards.families[1].first_document == 0u);
  CHECK(cards.families[1].years.size() == 2);
  const auto& f2 = cards.families[2];  // undated only
  CHECK_FALSE(f2.first_date.has_value());
  CHECK_FALSE(f2.first_source.has_value());
  CHECK_FALSE(f2.first_document.has_value());
  REQUIRE(f2.years.size() == 1);
  CHECK(f2.years[0].year == "unknown");
  CHECK(cards.families[3].first_date == "2020-05-01");
}

TEST_CASE("which sources still use an older variant", "[scorecard]") {
  const test::scorecard_sample in;
  const auto cards = build_scorecards(in.letters, in.boilerplate, in.uses);
  const auto& v = cards.variants_by_source;
  REQUIRE(v.size() == 4);
  // Family 0: variant 1 first appears 2021-02-03, after variant 0 (2019-12-31).
  CHECK(v[0].family == 0);
  CHECK(v[0].source == "Essex Police");
  CHECK(v[0].last_document == 4);  // a dated letter is more recent than the undated letter 5
  CHECK(v[0].last_date == "2019-12-31");
  CHECK(v[0].variant == 0);
  CHECK(v[0].newest_variant == 1u);
  CHECK(v[0].newest_first_date == "2021-02-03");
  CHECK(v[0].older_variant);
  CHECK(v[1].source == herts);
  CHECK(v[1].last_document == 2);
  CHECK(v[1].older_variant);
  CHECK(v[2].source == "Kent Police");
  CHECK(v[2].last_document == 1);
  CHECK(v[2].variant == 1);
  CHECK_FALSE(v[2].older_variant);
  // Family 3: letter 1 holds variants 0 (new in 2021) and 2 (2020): the newest speaks for it.
  CHECK(v[3].family == 3);
  CHECK(v[3].variant == 0);
  CHECK(v[3].newest_variant == 0u);
  CHECK_FALSE(v[3].older_variant);
}

TEST_CASE("build_scorecards refuses mismatched inputs", "[scorecard]") {
  const test::scorecard_sample in;
  const std::vector<document_boilerplate> short_maps(2);
  CHECK_THROWS_AS(build_scorecards(in.letters, short_maps, in.uses), refrain::error);
  const std::vector<family_use> bad{{0, 99, 0}};
  CHECK_THROWS_AS(build_scorecards(in.letters, in.boilerplate, bad), refrain::error);
  const auto empty = build_scorecards({}, {}, {});
  CHECK(empty.by_source_year.empty());
  CHECK(empty.similarity.empty());
  CHECK(empty.families.empty());
}
