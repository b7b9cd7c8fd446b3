#include <refrain/scorecard.hpp>

#include <refrain/error.hpp>
#include <refrain/huge_pages.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <vector>

namespace refrain {
namespace {

bool dated(const std::optional<std::string>& date) {
  if (!date || date->size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i)
    if ((*date)[i] < '0' || (*date)[i] > '9') return false;
  return date->size() == 4 || (*date)[4] == '-';
}

// Four-digit years sort as numbers do; then "unknown", then "all".
struct year_order {
  static int rank(const std::string& y) { return y == "all" ? 2 : y == "unknown" ? 1 : 0; }
  bool operator()(const std::string& a, const std::string& b) const {
    const int ra = rank(a), rb = rank(b);
    return ra != rb ? ra < rb : a < b;
  }
};

struct tally {
  std::uint32_t letters = 0;
  std::uint64_t national = 0, house = 0, bespoke = 0;
  // Which families its letters use, as a bit per family rank (families
  // numbered densely in order of id): every use of every letter is marked, tens
  // of millions at 1 GB of letters, where a tree cost more.
  std::vector<std::uint64_t> families;
  std::uint32_t family_count() const {
    std::uint32_t n = 0;
    for (const auto word : families) n += static_cast<std::uint32_t>(std::popcount(word));
    return n;
  }
  // The families' ids, ascending, given each rank's id.
  std::vector<std::uint32_t> family_ids(std::span<const std::uint32_t> id_of_rank) const {
    std::vector<std::uint32_t> ids;
    for (std::size_t w = 0; w < families.size(); ++w)
      for (auto word = families[w]; word != 0; word &= word - 1)
        ids.push_back(id_of_rank[w * 64 + static_cast<std::size_t>(std::countr_zero(word))]);
    return ids;
  }
};

double ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// Recency of a letter: dated after undated, later date after earlier, then document.
using recency = std::tuple<bool, std::string, std::uint32_t>;

// The timeline and variant uses of one family, from its uses (by document).
struct family_cards {
  family_timeline timeline;
  std::vector<family_variant_use> variants_by_source;
};

family_cards describe_family(std::span<const family_use> group, std::span<const scorecard_letter> letters) {
  family_cards cards;
  const auto family = group.front().family;
  family_timeline timeline;
  timeline.family = family;
  std::map<std::string, std::set<std::string>, year_order> sources_by_year;
  std::map<std::uint32_t, std::optional<std::string>> variant_first;  // earliest date per variant
  for (const auto& u : group) {
    const auto& letter = letters[u.document];
    sources_by_year[year_of(letter.date)].insert(letter.source);
    auto& first = variant_first[u.variant];
    if (!dated(letter.date)) continue;
    if (!first || *letter.date < *first) first = letter.date;
    // Documents ascend within the group, so the first of equal dates is the lowest.
    if (!timeline.first_date || *letter.date < *timeline.first_date) {
      timeline.first_date = letter.date;
      timeline.first_source = letter.source;
      timeline.first_document = u.document;
    }
  }
  for (const auto& [year, srcs] : sources_by_year)
    timeline.years.push_back({year, static_cast<std::uint32_t>(srcs.size())});
  cards.timeline = std::move(timeline);

  if (variant_first.size() >= 2) {
    std::optional<std::uint32_t> newest;
    std::optional<std::string> newest_date;
    for (const auto& [v, first] : variant_first)  // ascending, so ties keep the lowest index
      if (first && (!newest_date || *first > *newest_date)) newest = v, newest_date = first;

    // The variant that appeared latest; an undated one counts as oldest.
    auto later = [&](std::uint32_t a, std::uint32_t b) {
      const auto& fa = variant_first.at(a);
      const auto& fb = variant_first.at(b);
      if (fa.has_value() != fb.has_value()) return fa.has_value();
      if (fa && *fa != *fb) return *fa > *fb;
      return a < b;
    };

    struct latest_use {
      recency when;
      std::uint32_t variant;
    };
    std::map<std::string, latest_use> by_source_latest;
    for (const auto& u : group) {
      const auto& letter = letters[u.document];
      const recency when{dated(letter.date), dated(letter.date) ? *letter.date : std::string(), u.document};
      const auto [it, inserted] = by_source_latest.try_emplace(letter.source, latest_use{when, u.variant});
      if (inserted) continue;
      if (it->second.when < when) {
        it->second = {when, u.variant};
      } else if (it->second.when == when && later(u.variant, it->second.variant)) {
        it->second.variant = u.variant;  // one letter, several variants: the newest speaks for it
      }
    }
    for (const auto& [source, use] : by_source_latest) {
      const auto& first = variant_first.at(use.variant);
      cards.variants_by_source.push_back(
          {.family = family,
           .source = source,
           .last_document = std::get<2>(use.when),
           .last_date = std::get<0>(use.when) ? std::optional<std::string>(std::get<1>(use.when)) : std::nullopt,
           .variant = use.variant,
           .newest_variant = newest,
           .newest_first_date = newest_date,
           .older_variant = first.has_value() && newest_date.has_value() && *first < *newest_date});
    }
  }
  return cards;
}

}  // namespace

std::string year_of(const std::optional<std::string>& date) { return dated(date) ? date->substr(0, 4) : "unknown"; }

scorecards build_scorecards(std::span<const scorecard_letter> letters,
                            std::span<const document_boilerplate> boilerplate,
                            std::span<const family_use> uses) {
  if (boilerplate.size() != letters.size())
    throw error(errc::invalid_argument, "build_scorecards: " + std::to_string(letters.size()) + " letters but " +
                                            std::to_string(boilerplate.size()) + " boilerplate maps");
  for (const auto& u : uses)
    if (u.document >= letters.size())
      throw error(errc::invalid_argument, "build_scorecards: family " + std::to_string(u.family) +
                                              " is used by letter " + std::to_string(u.document) + " but there are only " +
                                              std::to_string(letters.size()) + " letters");

  large_vector<family_use> sorted(uses.begin(), uses.end());
  tbb::parallel_sort(sorted.begin(), sorted.end(), [](const family_use& a, const family_use& b) {
    return std::tie(a.family, a.document, a.variant) < std::tie(b.family, b.document, b.variant);
  });
  sorted.erase(std::unique(sorted.begin(), sorted.end(),
                           [](const family_use& a, const family_use& b) {
                             return a.family == b.family && a.document == b.document && a.variant == b.variant;
                           }),
               sorted.end());

  // Each family's uses, by document: `sorted` holds them together, and a
  // family's rank is its place among them.
  std::vector<std::span<const family_use>> groups;
  std::vector<std::uint32_t> id_of_rank;
  for (std::size_t lo = 0, hi = 0; lo < sorted.size(); lo = hi) {
    while (hi < sorted.size() && sorted[hi].family == sorted[lo].family) ++hi;
    groups.emplace_back(sorted.data() + lo, hi - lo);
    id_of_rank.push_back(sorted[lo].family);
  }

  scorecards out;

  // Per source and year: each letter counts in its year's tally and in "all".
  std::map<std::string, std::map<std::string, tally, year_order>> by_source;
  std::vector<std::array<tally*, 2>> tallies_of(letters.size());  // a map's entries never move
  for (std::size_t i = 0; i < letters.size(); ++i) {
    auto& years = by_source[letters[i].source];
    for (std::size_t k = 0; const auto& y : {year_of(letters[i].date), std::string("all")}) {
      auto& t = years[y];
      ++t.letters;
      t.national += boilerplate[i].national_bytes;
      t.house += boilerplate[i].house_bytes;
      t.bespoke += boilerplate[i].bespoke_bytes;
      t.families.resize((id_of_rank.size() + 63) / 64);
      tallies_of[i][k++] = &t;
    }
  }
  // Every use marks its family in its letter's two tallies, in parallel (tens
  // of millions of uses at 1 GB of letters). Nearly every mark is already made
  // by an earlier letter of the same source and year, so a word is read first
  // and written only when the bit is new: the cores share the tallies' lines
  // without trading them back and forth.
  tbb::parallel_for(std::size_t{0}, groups.size(), [&](std::size_t rank) {
    const auto bit = std::uint64_t{1} << (rank % 64);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups[rank].size(), 1 << 14), [&](const auto& r) {
      for (auto u = r.begin(); u != r.end(); ++u)
        for (auto* t : tallies_of[groups[rank][u].document]) {
          std::atomic_ref<std::uint64_t> word(t->families[rank / 64]);
          if (!(word.load(std::memory_order_relaxed) & bit)) word.fetch_or(bit, std::memory_order_relaxed);
        }
    });
  });
  for (const auto& [source, years] : by_source)
    for (const auto& [year, t] : years) {
      const auto total = t.national + t.house + t.bespoke;
      out.by_source_year.push_back({.source = source,
                                    .year = year,
                                    .letters = t.letters,
                                    .national_bytes = t.national,
                                    .house_bytes = t.house,
                                    .bespoke_bytes = t.bespoke,
                                    .national_share = ratio(t.national, total),
                                    .house_share = ratio(t.house, total),
                                    .bespoke_share = ratio(t.bespoke, total),
                                    .families = t.family_count()});
    }

  // Source x source: every source has an "all" tally holding its families.
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> sources;
  for (const auto& [source, years] : by_source) {
    sources.emplace_back(source, years.at("all").family_ids(id_of_rank));
  }
  for (const auto& [a, fa] : sources)
    for (const auto& [b, fb] : sources) {
      std::vector<std::uint32_t> common;
      std::set_intersection(fa.begin(), fa.end(), fb.begin(), fb.end(), std::back_inserter(common));
      const auto shared = common.size();
      const auto either = fa.size() + fb.size() - shared;
      out.similarity.push_back({a, b, static_cast<std::uint32_t>(shared), ratio(shared, either)});
    }

  // Per family: the families are independent, described in parallel, kept in family order.
  std::vector<family_cards> described(groups.size());
  tbb::parallel_for(std::size_t{0}, groups.size(), [&](std::size_t g) { described[g] = describe_family(groups[g], letters); });
  for (auto& d : described) {
    out.families.push_back(std::move(d.timeline));
    out.variants_by_source.insert(out.variants_by_source.end(), std::make_move_iterator(d.variants_by_source.begin()),
                                  std::make_move_iterator(d.variants_by_source.end()));
  }
  return out;
}

}  // namespace refrain
