#include <catch2/catch.hpp>

#include "support/scorecard_sample.hpp"

#include <refrain/error.hpp>
#include <refrain/scorecard.hpp>

#include <map>
#include <random>
#include <set>
#include <tuple>

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

// A reference written the plain way, with maps keyed by the strings
// themselves: the scorecards must agree with it on random letters and uses.
namespace {

struct reference_cards {
  // (source, year) -> letters and distinct families, "all" included.
  std::map<std::pair<std::string, std::string>, std::pair<std::uint32_t, std::uint32_t>> by_source_year;
  std::map<std::pair<std::string, std::string>, std::uint32_t> shared_families;
  std::vector<family_timeline> timelines;
  std::vector<family_variant_use> variants;
};

reference_cards reference(const std::vector<scorecard_letter>& letters, std::vector<family_use> uses) {
  reference_cards out;
  std::map<std::pair<std::string, std::string>, std::set<std::uint32_t>> families;
  for (const auto& l : letters)
    for (const auto& year : {year_of(l.date), std::string("all")}) {
      ++out.by_source_year[{l.source, year}].first;
      families[{l.source, year}];
    }
  for (const auto& u : uses)
    for (const auto& year : {year_of(letters[u.document].date), std::string("all")})
      families[{letters[u.document].source, year}].insert(u.family);
  for (const auto& [key, f] : families) out.by_source_year[key].second = static_cast<std::uint32_t>(f.size());
  for (const auto& [a, fa] : families)
    for (const auto& [b, fb] : families)
      if (a.second == "all" && b.second == "all") {
        std::vector<std::uint32_t> common;
        std::set_intersection(fa.begin(), fa.end(), fb.begin(), fb.end(), std::back_inserter(common));
        out.shared_families[{a.first, b.first}] = static_cast<std::uint32_t>(common.size());
      }
  std::sort(uses.begin(), uses.end(), [](const family_use& a, const family_use& b) {
    return std::tie(a.family, a.document, a.variant) < std::tie(b.family, b.document, b.variant);
  });
  const auto is_dated = [](const std::optional<std::string>& d) { return year_of(d) != "unknown"; };
  for (std::size_t lo = 0, hi = 0; lo < uses.size(); lo = hi) {
    while (hi < uses.size() && uses[hi].family == uses[lo].family) ++hi;
    family_timeline t;
    t.family = uses[lo].family;
    std::map<std::string, std::set<std::string>> sources_by_year;  // "unknown" sorts after the digits
    std::map<std::uint32_t, std::optional<std::string>> first_of;
    for (auto i = lo; i < hi; ++i) {
      const auto& l = letters[uses[i].document];
      sources_by_year[year_of(l.date)].insert(l.source);
      auto& first = first_of[uses[i].variant];
      if (!is_dated(l.date)) continue;
      if (!first || *l.date < *first) first = l.date;
      if (!t.first_date || *l.date < *t.first_date)
        t.first_date = l.date, t.first_source = l.source, t.first_document = uses[i].document;
    }
    for (const auto& [year, s] : sources_by_year) t.years.push_back({year, static_cast<std::uint32_t>(s.size())});
    out.timelines.push_back(t);
    if (first_of.size() < 2) continue;
    std::optional<std::uint32_t> newest;
    std::optional<std::string> newest_date;
    for (const auto& [v, first] : first_of)
      if (first && (!newest_date || *first > *newest_date)) newest = v, newest_date = first;
    // Latest letter per source; of one letter's variants, the one that appeared last.
    std::map<std::string, std::pair<std::tuple<bool, std::string, std::uint32_t>, std::uint32_t>> latest;
    for (auto i = lo; i < hi; ++i) {
      const auto& l = letters[uses[i].document];
      const std::tuple<bool, std::string, std::uint32_t> when{is_dated(l.date), is_dated(l.date) ? *l.date : "",
                                                              uses[i].document};
      const auto v = uses[i].variant;
      auto [it, fresh] = latest.try_emplace(l.source, when, v);
      if (fresh || std::get<0>(it->second) > when) continue;
      const auto& fa = first_of[v];
      const auto& fb = first_of[it->second.second];
      const bool later = fa.has_value() != fb.has_value() ? fa.has_value() : fa && *fa != *fb ? *fa > *fb : v < it->second.second;
      if (std::get<0>(it->second) < when || later) it->second = {when, v};
    }
    for (const auto& [source, use] : latest) {
      const auto& first = first_of[use.second];
      out.variants.push_back({t.family, source, std::get<2>(use.first),
                              std::get<0>(use.first) ? std::optional(std::get<1>(use.first)) : std::nullopt, use.second,
                              newest, newest_date, first && newest_date && *first < *newest_date});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("scorecards agree with a plain reference on random letters and uses", "[scorecard]") {
  std::mt19937 rng(11);
  const auto below = [&](std::size_t n) { return static_cast<std::uint32_t>(rng() % n); };
  const std::vector<std::string> names{"Kent Police", "Essex Police", "Avon", "avon", "Zed Constabulary", ""};
  // Variants need not be small: a family's tables must not grow with the numbers.
  const std::vector<std::uint32_t> variants{0, 1, 2, 3, 1000000, 4294967295u};
  const std::vector<std::optional<std::string>> dates{std::nullopt, "2019-01-02", "2019-12-31", "2020-05-01",
                                                      "2021", "21-03-2021", "2021-02-03", ""};
  for (int round = 0; round < 200; ++round) {
    CAPTURE(round);
    std::vector<scorecard_letter> letters(1 + below(30));
    for (std::size_t i = 0; i < letters.size(); ++i) {
      // Mostly in runs of one source, as a folder gives them; sometimes not.
      letters[i].source = i > 0 && below(3) != 0 ? letters[i - 1].source : names[below(names.size())];
      letters[i].date = dates[below(dates.size())];
    }
    // A few rounds large enough for the parallel order check's blocks of 65,536.
    std::vector<family_use> uses(round % 50 == 0 ? 70000 + below(1000) : below(60));
    for (auto& u : uses) u = {below(5), below(letters.size()), round % 2 == 0 ? below(4) : variants[below(variants.size())]};
    // Half the time as a scan lists them: by family and letter, one letter's variants in any order.
    if (below(2) == 0)
      std::stable_sort(uses.begin(), uses.end(), [](const family_use& a, const family_use& b) {
        return std::tie(a.family, a.document) < std::tie(b.family, b.document);
      });
    const std::vector<document_boilerplate> maps(letters.size());
    const auto cards = build_scorecards(letters, maps, uses);
    const auto expected = reference(letters, uses);

    std::map<std::pair<std::string, std::string>, std::pair<std::uint32_t, std::uint32_t>> seen;
    for (const auto& r : cards.by_source_year) seen[{r.source, r.year}] = {r.letters, r.families};
    CHECK(seen == expected.by_source_year);
    const auto year_rank = [](const std::string& y) { return std::pair(y == "all" ? 2 : y == "unknown" ? 1 : 0, y); };
    for (std::size_t i = 1; i < cards.by_source_year.size(); ++i) {
      const auto& a = cards.by_source_year[i - 1];
      const auto& b = cards.by_source_year[i];
      CHECK(std::pair(a.source, year_rank(a.year)) < std::pair(b.source, year_rank(b.year)));
    }
    std::map<std::pair<std::string, std::string>, std::uint32_t> shared;
    for (const auto& r : cards.similarity) shared[{r.source_a, r.source_b}] = r.shared_families;
    CHECK(shared == expected.shared_families);
    REQUIRE(cards.families.size() == expected.timelines.size());
    for (std::size_t f = 0; f < cards.families.size(); ++f) {
      const auto& a = cards.families[f];
      const auto& e = expected.timelines[f];
      CHECK(a.family == e.family);
      CHECK(a.first_date == e.first_date);
      CHECK(a.first_source == e.first_source);
      CHECK(a.first_document == e.first_document);
      REQUIRE(a.years.size() == e.years.size());
      for (std::size_t y = 0; y < a.years.size(); ++y) {
        CHECK(a.years[y].year == e.years[y].year);
        CHECK(a.years[y].sources == e.years[y].sources);
      }
    }
    REQUIRE(cards.variants_by_source.size() == expected.variants.size());
    for (std::size_t i = 0; i < cards.variants_by_source.size(); ++i) {
      const auto& a = cards.variants_by_source[i];
      const auto& e = expected.variants[i];
      CAPTURE(i);
      CHECK(a.family == e.family);
      CHECK(a.source == e.source);
      CHECK(a.last_document == e.last_document);
      CHECK(a.last_date == e.last_date);
      CHECK(a.variant == e.variant);
      CHECK(a.newest_variant == e.newest_variant);
      CHECK(a.newest_first_date == e.newest_first_date);
      CHECK(a.older_variant == e.older_variant);
    }
  }
}
